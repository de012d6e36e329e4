import Foundation
import Platform

/// Renders dead letters as the aligned text table of `relais dlq list`. Shows ids, provenance
/// and error codes only: payloads and error messages are left out (they may be long, and an
/// operator reading a terminal over someone's shoulder should not see personal data).
public enum DeadLetterTable {
    /// - Returns: a header line then one line per dead letter, columns padded to align.
    public static func render(_ summaries: [DeadLetterSummary], now: Date = .now) -> [String] {
        let header = ["ID", "AGE", "TOPIC", "TYPE", "KEY", "ATTEMPTS", "ERROR", "STATE"]
        let rows = summaries.map { summary in
            [summary.id.uuidString.lowercased(), age(now.timeIntervalSince(summary.createdAt)), summary.sourceTopic,
             summary.commandType, clipped(summary.key, to: 36), String(summary.attempts), summary.errorCode, state(summary)]
        }
        return TextTable.render(header: header, rows: rows)
    }

    /// A compact age: `42s`, `17m`, `5h`, `3d` (the largest whole unit).
    public static func age(_ interval: TimeInterval) -> String {
        let seconds = max(0, Int(interval))
        switch seconds {
        case ..<60: return "\(seconds)s"
        case ..<3_600: return "\(seconds / 60)m"
        case ..<86_400: return "\(seconds / 3_600)h"
        default: return "\(seconds / 86_400)d"
        }
    }

    private static func state(_ summary: DeadLetterSummary) -> String {
        if summary.replayedAt != nil { return "replayed" }
        if summary.discardedAt != nil { return "discarded" }
        return "open"
    }

    /// Keys are entity ids, but a long one would push every other column off the screen.
    private static func clipped(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}
