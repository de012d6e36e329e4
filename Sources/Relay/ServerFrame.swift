import Foundation

/// Frames the relay itself writes (everything else is forwarded verbatim from Redis).
enum ServerFrame {
    static func connected(userID: UUID) -> [UInt8] {
        encode(["type": "connected", "user_id": userID.uuidString.lowercased()])
    }

    static func joined(_ room: String) -> [UInt8] { encode(["type": "joined", "room": room]) }
    static func left(_ room: String) -> [UInt8] { encode(["type": "left", "room": room]) }

    /// `code` is one of a fixed set (`bad_frame`, `bad_last_id`, `not_joined`, `unavailable`);
    /// `message` never echoes client input.
    static func error(_ code: String, _ message: String) -> [UInt8] {
        encode(["type": "error", "code": code, "message": message])
    }

    static func typing(room: String, userID: UUID) -> [UInt8] {
        encode(["type": "chat:typing", "room": room, "user_id": userID.uuidString.lowercased()])
    }

    static func read(room: String, userID: UUID, messageID: String) -> [UInt8] {
        encode(["type": "chat:read", "room": room, "user_id": userID.uuidString.lowercased(), "message_id": messageID])
    }

    private static func encode(_ object: [String: String]) -> [UInt8] {
        // String values only: serialization cannot fail.
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])).map(Array.init) ?? Array("{}".utf8)
    }
}
