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
        self.init(bytes: Array(header.utf8))
    }

    /// Parses the raw bytes of a header value.
    public init?(bytes: [UInt8]) {
        // Byte-level parsing: every consumed command carries one, so no lowercasing or splitting.
        // version(2) - trace-id(32) - parent-id(16) - flags(2); later versions may append "-...".
        guard bytes.count >= 55, bytes[2] == 0x2D, bytes[35] == 0x2D, bytes[52] == 0x2D,
              bytes[0..<2].allSatisfy(Self.isLowerHex), bytes[3..<35].allSatisfy(Self.isLowerHex),
              bytes[36..<52].allSatisfy(Self.isLowerHex), bytes[53..<55].allSatisfy(Self.isLowerHex),
              bytes[3..<35].contains(where: { $0 != 0x30 }), bytes[36..<52].contains(where: { $0 != 0x30 })
        else { return nil }
        let version = String(decoding: bytes[0..<2], as: UTF8.self)
        guard version != "ff" else { return nil }
        // Version 00 has exactly four fields; later versions may append more after a dash.
        if version == "00" ? bytes.count != 55 : (bytes.count > 55 && bytes[55] != 0x2D) { return nil }
        guard let flags = UInt8(String(decoding: bytes[53..<55], as: UTF8.self), radix: 16) else { return nil }
        traceID = String(decoding: bytes[3..<35], as: UTF8.self)
        parentID = String(decoding: bytes[36..<52], as: UTF8.self)
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

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Random lowercase hex, never all zeros. Ids identify, they do not authorise, so the fast
    /// generator is enough (a worker derives a span id for every command it handles).
    private static func randomHex(bytes: Int) -> String {
        var generator = FastRandomNumberGenerator()
        while true {
            var digits: [UInt8] = []
            digits.reserveCapacity(bytes * 2)
            var nonZero = false
            for _ in stride(from: 0, to: bytes, by: 8) {
                let word = generator.next() as UInt64
                nonZero = nonZero || word != 0
                for shift in stride(from: 60, through: 0, by: -4) where digits.count < bytes * 2 {
                    digits.append(hexDigits[Int((word >> UInt64(shift)) & 0xF)])
                }
            }
            if nonZero { return String(decoding: digits, as: UTF8.self) }
        }
    }
}
