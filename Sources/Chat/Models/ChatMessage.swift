import Foundation

/// A message as participants see it (body in clear, whatever the storage).
public struct ChatMessage: Sendable, Equatable, Codable {
    public var id: UUID
    public var conversationID: UUID
    /// Position in the conversation, from 1, in the order the chat worker stored messages.
    public var seq: Int64
    /// Nil once the sender's account was erased.
    public var senderID: UUID?
    public var body: String
    public var readAt: Date?
    public var createdAt: Date
}
