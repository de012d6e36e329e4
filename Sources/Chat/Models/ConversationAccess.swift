import Foundation

/// What a request needs to know about a conversation it may act on: it exists, the caller takes
/// part in it, and whether bodies are sealed.
public struct ConversationAccess: Sendable, Equatable {
    public var id: UUID
    public var sensitive: Bool
    public var participantIDs: [UUID]
}
