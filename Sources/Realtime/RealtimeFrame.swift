/// Frames are JSON objects sent as WebSocket text messages, e.g.
/// `{"type":"notification:new","id":"…","data":{…}}`.
public enum RealtimeFrame {
    /// `frame` with `"stream_id":"<id>"` as its first member. Frames stored in a user stream are
    /// kept without it (Redis assigns the id while storing); the id is added when the frame is
    /// published live and when a relay replays the stream, so clients can resume from it.
    /// - Precondition: `frame` is a JSON object (starts with `{`).
    public static func withStreamID(_ frame: [UInt8], _ streamID: String) -> [UInt8] {
        var result = Array("{\"stream_id\":\"\(streamID)\"".utf8)
        let rest = frame.dropFirst()
        if rest.first != UInt8(ascii: "}") {
            result.append(UInt8(ascii: ","))
        }
        result.append(contentsOf: rest)
        return result
    }
}
