import Chat
import Foundation
import Pipeline
import Realtime
import RedisClient

/// Handles `PostChatMessage`: stores the message (numbered in handling order; the topic is keyed
/// by conversation, so one conversation's messages are handled one at a time), queues a
/// notification for participants no relay holds a socket of, then pushes `chat:message` to
/// the room.
///
/// Storing happens once per message id; the push happens on every delivery, so a crash between
/// the commit and the publish cannot lose it, and a repeat carries the same message id and seq.
public struct PostChatMessageHandler: CommandHandler {
    /// Characters of a plain message shown in an offline participant's notification.
    static let previewCharacters = 120

    let store: ChatStore
    let redis: RedisClient

    public init(store: ChatStore, redis: RedisClient) {
        self.store = store
        self.redis = redis
    }

    public func handle(_ command: PostChatMessage, context: HandlerContext) async throws {
        guard let conversation = try await store.access(conversationID: command.conversationID, userID: command.senderID) else {
            // The conversation was deleted or the sender left it after posting.
            context.logger.info("chat message for a conversation its sender is no longer part of; dropped")
            return
        }
        let others = conversation.participantIDs.filter { $0 != command.senderID }
        let offline = try await offlineUsers(others)
        // A sensitive conversation's text never goes into a notification.
        let preview = command.body.map { String($0.prefix(Self.previewCharacters)) } ?? "New message in a private conversation"
        guard let stored = try await store.store(command, notifying: offline, preview: preview) else {
            context.logger.info("chat message for a conversation that no longer exists; dropped")
            return
        }
        let room = RealtimeChannels.room(RealtimeRoom.conversation(command.conversationID))
        try await redis.publish(room, try ChatFrames.message(stored.message))
    }

    /// Participants without a live socket on any relay (relays keep a presence key per user).
    private func offlineUsers(_ users: [UUID]) async throws -> [UUID] {
        guard !users.isEmpty else { return [] }
        let replies = try await redis.pipeline(users.map { ["EXISTS", .string(RealtimeChannels.presence($0))] })
        return zip(users, replies).compactMap { user, reply in reply.int == 0 ? user : nil }
    }
}
