/// A Redis stream entry id, `<milliseconds>-<sequence>`, compared as the pair of integers Redis
/// orders entries by (comparing the text would put "9-0" after "10-0").
struct StreamID: Comparable, Hashable, Sendable, CustomStringConvertible {
    let milliseconds: UInt64
    let sequence: UInt64

    /// Parses the full `<ms>-<seq>` form; nil for anything else (clients send these back to us).
    init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
              let milliseconds = UInt64(parts[0]), let sequence = UInt64(parts[1])
        else { return nil }
        self.milliseconds = milliseconds
        self.sequence = sequence
    }

    var description: String { "\(milliseconds)-\(sequence)" }

    static func < (lhs: StreamID, rhs: StreamID) -> Bool {
        (lhs.milliseconds, lhs.sequence) < (rhs.milliseconds, rhs.sequence)
    }

    /// The id at the start of a live frame, which `RealtimeFrame.withStreamID` writes as the
    /// first member: `{"stream_id":"<id>",…`. Frames without it (published directly) give nil.
    static func leading(in frame: [UInt8]) -> StreamID? {
        let prefix = Array("{\"stream_id\":\"".utf8)
        guard frame.count > prefix.count, frame.starts(with: prefix) else { return nil }
        let rest = frame[prefix.count...]
        guard let end = rest.firstIndex(of: UInt8(ascii: "\"")), end - prefix.count <= 41 else { return nil }
        return StreamID(String(decoding: rest[..<end], as: UTF8.self))
    }
}
