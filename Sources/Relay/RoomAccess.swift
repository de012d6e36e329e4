import Foundation
import PostgresClient
import Realtime

/// Decides whether a user may join a room.
public protocol RoomAccess: Sendable {
    /// - Throws: when the answer cannot be had (the client gets an error frame, not a close).
    func mayJoin(userID: UUID, room: String) async throws -> Bool
}

/// Conversation rooms: only the conversation's participants may join.
public struct ConversationRoomAccess: RoomAccess {
    let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    public func mayJoin(userID: UUID, room: String) async throws -> Bool {
        guard let conversationID = RealtimeRoom.conversationID(room) else { return false }
        let rows = try await postgres.query("""
            SELECT 1 FROM messaging.conversation_participants WHERE conversation_id = \(conversationID) AND user_id = \(userID)
            """)
        return !rows.isEmpty
    }
}
