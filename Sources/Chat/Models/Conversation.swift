import Foundation

/// A conversation as one participant sees it in `GET /v1/chat/conversations`.
public struct Conversation: Sendable, Equatable, Encodable {
    public var id: UUID
    public var title: String?
    public var sensitive: Bool
    public var participantIDs: [UUID]
    public var createdAt: Date
    public var lastMessage: ChatMessage?
    /// Messages from others after the last one this participant read.
    public var unreadCount: Int
}
