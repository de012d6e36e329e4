import Foundation

/// Room names as clients write them in `join` frames: `conversation:<uuid>`.
public enum RealtimeRoom {
    public static func conversation(_ id: UUID) -> String { "conversation:\(id.uuidString.lowercased())" }

    /// The conversation id of a room name, or nil for any other shape.
    public static func conversationID(_ room: String) -> UUID? {
        guard room.hasPrefix("conversation:") else { return nil }
        return UUID(uuidString: String(room.dropFirst("conversation:".count)))
    }
}
