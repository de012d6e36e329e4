import Foundation

/// A W3C Trace Context `traceparent` value (version 00): carried from an HTTP request into the
/// headers of the commands it causes, so one trace follows a command through Kafka and workers.
public struct TraceParent: Sendable, Hashable, CustomStringConvertible {
    /// 32 lowercase hex digits, not all zero.
    public let traceID: String
    /// 16 lowercase hex digits, not all zero.
    public let parentID: String
    public let sampled: Bool

    /// Parses a header value; returns nil for anything malformed so a bad header starts a new trace.
    public init?(_ header: String) {
        let parts = header.trimmingCharacters(in: .whitespaces).lowercased().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].count == 2, parts[0] != "ff", Self.isHex(parts[0]),
              parts[1].count == 32, Self.isHex(parts[1]), parts[1].contains(where: { $0 != "0" }),
              parts[2].count == 16, Self.isHex(parts[2]), parts[2].contains(where: { $0 != "0" }),
              parts[3].count == 2, Self.isHex(parts[3]), let flags = UInt8(parts[3], radix: 16)
        else { return nil }
        // Version 00 has exactly four fields; later versions may append more.
        if parts[0] == "00" && parts.count != 4 { return nil }
        traceID = String(parts[1])
        parentID = String(parts[2])
        sampled = flags & 1 == 1
    }

    /// A new root trace with random ids.
    public static func random(sampled: Bool = true) -> TraceParent {
        TraceParent(traceID: randomHex(bytes: 16), parentID: randomHex(bytes: 8), sampled: sampled)
    }

    /// The same trace with a new span id: what a hop (request → command) passes on.
    public func child() -> TraceParent {
        TraceParent(traceID: traceID, parentID: Self.randomHex(bytes: 8), sampled: sampled)
    }

    public var description: String { "00-\(traceID)-\(parentID)-\(sampled ? "01" : "00")" }

    private init(traceID: String, parentID: String, sampled: Bool) {
        self.traceID = traceID
        self.parentID = parentID
        self.sampled = sampled
    }

    private static func isHex(_ text: Substring) -> Bool {
        text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    private static func randomHex(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        while true {
            let value = (0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if value.contains(where: { $0 != 0 }) {
                return value.map { byte in
                    let hex = String(byte, radix: 16)
                    return hex.count == 1 ? "0" + hex : hex
                }.joined()
            }
        }
    }
}
