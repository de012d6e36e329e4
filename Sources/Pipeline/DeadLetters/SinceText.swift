import Foundation
import Platform

/// Reads the `--since` of `relais dlq list`: an age (`90s`, `30m`, `24h`, `7d`, counted back
/// from `now`) or an RFC 3339 time (`2025-06-01T00:00:00Z`).
public enum SinceText {
    /// - Returns: the earliest time meant, or nil when the text is neither form.
    public static func parse(_ text: String, now: Date = .now) -> Date? {
        if let age = DurationText.parse(text) {
            return now.addingTimeInterval(-Double(DurationText.milliseconds(age)) / 1_000)
        }
        return RFC3339.parse(text)
    }
}
