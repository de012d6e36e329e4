import Foundation
import Pipeline

/// "Add this message to the conversation": stored by the chat handler of the `notifications`
/// worker, numbered in the order it is handled (keyed by conversation, so one conversation's
/// messages are handled one at a time), then pushed to the conversation's room.
///
/// A sensitive conversation's body is sealed by the ingress before it is produced, so its
/// plaintext never reaches Kafka: exactly one of `body` and `sealedBody` is set.
public struct PostChatMessage: Command, Equatable {
    public static let commandType = CommandType("PostChatMessage", topic: "chat.messages")

    public var messageID: UUID
    public var conversationID: UUID
    public var senderID: UUID
    public var body: String?
    public var sealedBody: SealedText?

    public init(messageID: UUID, conversationID: UUID, senderID: UUID, body: String?, sealedBody: SealedText?) {
        self.messageID = messageID
        self.conversationID = conversationID
        self.senderID = senderID
        self.body = body
        self.sealedBody = sealedBody
    }

    public var orderingKey: String { conversationID.uuidString.lowercased() }
}
