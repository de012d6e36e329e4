import Foundation

/// A W3C Trace Context `traceparent` value (version 00): carried from an HTTP request into the
/// headers of the commands it causes, so one trace follows a command through Kafka and workers.
///
/// The ids are held as integers and written as hex only when asked: a worker parses one and
/// derives a child for every command it consumes, and strings cost an allocation each.
public struct TraceParent: Sendable, Hashable, CustomStringConvertible {
    private let traceHigh: UInt64
    private let traceLow: UInt64
    private let parent: UInt64
    public let sampled: Bool

    /// 32 lowercase hex digits, not all zero.
    public var traceID: String { Self.hex(traceHigh) + Self.hex(traceLow) }
    /// 16 lowercase hex digits, not all zero.
    public var parentID: String { Self.hex(parent) }

    /// Parses a header value; returns nil for anything malformed so a bad header starts a new trace.
    public init?(_ header: String) {
        self.init(bytes: Array(header.utf8))
    }

    /// Parses the raw bytes of a header value.
    public init?(bytes: [UInt8]) {
        guard let parsed = bytes.withUnsafeBufferPointer(Self.init(buffer:)) else { return nil }
        self = parsed
    }

    /// Parses a slice holding a header value.
    public init?(bytes: ArraySlice<UInt8>) {
        guard let parsed = bytes.withUnsafeBufferPointer(Self.init(buffer:)) else { return nil }
        self = parsed
    }

    private init?(buffer bytes: UnsafeBufferPointer<UInt8>) {
        // version(2) - trace-id(32) - parent-id(16) - flags(2); later versions may append "-...".
        guard bytes.count >= 55, bytes[2] == 0x2D, bytes[35] == 0x2D, bytes[52] == 0x2D,
              let version = Self.lowerHex(bytes[0..<2]), version != 0xFF,
              let traceHigh = Self.lowerHex(bytes[3..<19]), let traceLow = Self.lowerHex(bytes[19..<35]),
              let parent = Self.lowerHex(bytes[36..<52]), let flags = Self.lowerHex(bytes[53..<55]),
              traceHigh | traceLow != 0, parent != 0
        else { return nil }
        // Version 00 has exactly four fields; later versions may append more after a dash.
        if version == 0 ? bytes.count != 55 : (bytes.count > 55 && bytes[55] != 0x2D) { return nil }
        self.init(traceHigh: traceHigh, traceLow: traceLow, parent: parent, sampled: flags & 1 == 1)
    }

    /// A new root trace with random ids.
    public static func random(sampled: Bool = true) -> TraceParent {
        var generator = FastRandomNumberGenerator()
        var traceHigh: UInt64 = 0
        var traceLow: UInt64 = 0
        while traceHigh | traceLow == 0 {
            traceHigh = generator.next()
            traceLow = generator.next()
        }
        return TraceParent(traceHigh: traceHigh, traceLow: traceLow, parent: randomSpanID(), sampled: sampled)
    }

    /// The same trace with a new span id: what a worker passes on from a command it handles.
    public func child() -> TraceParent {
        TraceParent(traceHigh: traceHigh, traceLow: traceLow, parent: Self.randomSpanID(), sampled: sampled)
    }

    public var description: String { "00-\(traceID)-\(parentID)-\(sampled ? "01" : "00")" }

    private init(traceHigh: UInt64, traceLow: UInt64, parent: UInt64, sampled: Bool) {
        self.traceHigh = traceHigh
        self.traceLow = traceLow
        self.parent = parent
        self.sampled = sampled
    }

    private static func randomSpanID() -> UInt64 {
        var generator = FastRandomNumberGenerator()
        while true {
            let id: UInt64 = generator.next()
            if id != 0 { return id }
        }
    }

    /// The value of at most 16 lowercase hex digits; nil if any byte is not one.
    private static func lowerHex(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> UInt64? {
        var value: UInt64 = 0
        for byte in digits {
            let nibble: UInt8
            switch byte {
            case 0x30...0x39: nibble = byte - 0x30
            case 0x61...0x66: nibble = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }

    /// 16 lowercase hex digits, most significant first.
    private static func hex(_ word: UInt64) -> String {
        withUnsafeBytes(of: word.bigEndian) { $0.lowercaseHex }
    }
}
