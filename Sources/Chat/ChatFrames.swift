import Foundation
import Ingress
import Realtime

/// The live frames of a conversation room.
public enum ChatFrames {
    private struct MessageFrame: Encodable {
        let type = "chat:message"
        let room: String
        let message: ChatMessage
    }

    private struct ReadFrame: Encodable {
        let type = "chat:read"
        let room: String
        let userID: UUID
        let messageID: UUID
        let seq: Int64
    }

    private static let encoder = RelaisJSONEncoder.bodyEncoder

    /// `{"type":"chat:message","room":"conversation:<id>","message":{…}}`
    public static func message(_ message: ChatMessage) throws -> [UInt8] {
        try encoder.encode(MessageFrame(room: RealtimeRoom.conversation(message.conversationID), message: message))
    }

    /// `{"type":"chat:read","room":…,"user_id":…,"message_id":…,"seq":…}`
    public static func read(_ message: ChatMessage, by userID: UUID) throws -> [UInt8] {
        try encoder.encode(ReadFrame(room: RealtimeRoom.conversation(message.conversationID), userID: userID,
                                     messageID: message.id, seq: message.seq))
    }
}
