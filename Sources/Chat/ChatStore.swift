import Foundation
import Notifications
import Pipeline
import PostgresClient

/// Conversations, participants and messages (`messaging.*`). Reads are always scoped to a
/// participant: a conversation the caller is not part of looks like a missing one.
public struct ChatStore: Sendable {
    /// Conversations returned by one listing (newest activity first).
    static let listingLimit = 200

    private let postgres: PostgresClient
    let cipher: MessageCipher

    public init(postgres: PostgresClient, cipher: MessageCipher) {
        self.postgres = postgres
        self.cipher = cipher
    }

    /// Creates a conversation of `creator` and `participants` (the creator is always one).
    /// - Returns: the conversation, or nil when a participant is not an active user.
    public func createConversation(creator: UUID, participants: [UUID], title: String?, sensitive: Bool) async throws -> Conversation? {
        let members = Array(Set(participants + [creator])).sorted { $0.uuidString < $1.uuidString }
        let id = UUIDv7.make()
        do {
            return try await insertConversation(id: id, creator: creator, members: members, title: title, sensitive: sensitive)
        } catch is UnknownParticipant {
            return nil
        }
    }

    private func insertConversation(id: UUID, creator: UUID, members: [UUID], title: String?, sensitive: Bool) async throws -> Conversation {
        try await postgres.withTransaction { connection -> Conversation in
            let created = try await connection.query("""
                INSERT INTO messaging.conversations (id, title, sensitive, created_by)
                VALUES (\(id), \(title), \(sensitive), \(creator)) RETURNING created_at
                """)
            var added = 0
            for member in members {
                added += try await connection.execute("""
                    INSERT INTO messaging.conversation_participants (conversation_id, user_id)
                    SELECT \(id), \(member) WHERE EXISTS (SELECT 1 FROM identity.users WHERE id = \(member) AND status = 'active')
                    """)
            }
            guard added == members.count, let createdAt = try created.first?.decode(Date.self, column: "created_at") else {
                throw UnknownParticipant()
            }
            return Conversation(id: id, title: title, sensitive: sensitive, participantIDs: members, createdAt: createdAt,
                                lastMessage: nil, unreadCount: 0)
        }
    }

    /// The caller's conversations with their last message and unread count.
    /// - Throws: `PostgresError`, `MessageCipher.Failure`.
    public func conversations(for userID: UUID) async throws -> [Conversation] {
        let rows = try await postgres.query("""
            SELECT c.id AS conversation_id, c.title, c.sensitive, c.created_at AS conversation_created_at,
                   (SELECT json_agg(x.user_id ORDER BY x.user_id)::text FROM messaging.conversation_participants x
                    WHERE x.conversation_id = c.id) AS participants,
                   (SELECT count(*) FROM messaging.messages u
                    WHERE u.conversation_id = c.id AND u.seq > p.last_read_seq AND u.sender_id IS DISTINCT FROM \(userID)) AS unread,
                   m.id AS last_id, m.conversation_id AS last_conversation_id, m.seq AS last_seq, m.sender_id AS last_sender_id,
                   m.body AS last_body, m.body_ciphertext AS last_body_ciphertext, m.key_id AS last_key_id,
                   m.read_at AS last_read_at, m.created_at AS last_created_at
            FROM messaging.conversation_participants p
            JOIN messaging.conversations c ON c.id = p.conversation_id
            LEFT JOIN messaging.messages m ON m.conversation_id = c.id AND m.seq = c.last_seq
            WHERE p.user_id = \(userID)
            ORDER BY COALESCE(c.last_message_at, c.created_at) DESC, c.id
            LIMIT \(Self.listingLimit)
            """)
        return try rows.map { row in
            let lastMessage = try row.decode(UUID?.self, column: "last_id") == nil
                ? nil : try StoredMessage(row: row, prefix: "last_").opened(with: cipher)
            return Conversation(
                id: try row.decode(UUID.self, column: "conversation_id"), title: try row.decode(String?.self, column: "title"),
                sensitive: try row.decode(Bool.self, column: "sensitive"),
                participantIDs: try row.decodeJSON([UUID].self, column: "participants"),
                createdAt: try row.decode(Date.self, column: "conversation_created_at"),
                lastMessage: lastMessage, unreadCount: Int(try row.decode(Int64.self, column: "unread")))
        }
    }

    /// The conversation if `userID` takes part in it, else nil.
    public func access(conversationID: UUID, userID: UUID) async throws -> ConversationAccess? {
        let rows = try await postgres.query("""
            SELECT c.sensitive,
                   (SELECT json_agg(x.user_id ORDER BY x.user_id)::text FROM messaging.conversation_participants x
                    WHERE x.conversation_id = c.id) AS participants
            FROM messaging.conversations c
            WHERE c.id = \(conversationID)
              AND EXISTS (SELECT 1 FROM messaging.conversation_participants p
                          WHERE p.conversation_id = c.id AND p.user_id = \(userID))
            """)
        guard let row = rows.first else { return nil }
        return ConversationAccess(id: conversationID, sensitive: try row.decode(Bool.self, column: "sensitive"),
                                  participantIDs: try row.decodeJSON([UUID].self, column: "participants"))
    }

    /// Messages newest first, before `beforeSeq` when given (the cursor of the previous page).
    public func messages(conversationID: UUID, beforeSeq: Int64?, limit: Int) async throws -> [ChatMessage] {
        let rows = try await postgres.query("""
            SELECT \(fragment: StoredMessage.columns) FROM messaging.messages
            WHERE conversation_id = \(conversationID) AND seq < \(beforeSeq ?? Int64.max)
            ORDER BY seq DESC LIMIT \(limit)
            """)
        return try rows.map { try StoredMessage(row: $0).opened(with: cipher) }
    }

    /// Stores a posted message once, numbered after the conversation's last one, and (only the
    /// first time) queues a notification for each participant in `notifying`.
    /// - Returns: the message and whether this call stored it (false: an earlier delivery did);
    ///   nil when the conversation no longer exists.
    public func store(_ command: PostChatMessage, notifying offline: [UUID], preview: String) async throws
        -> (message: ChatMessage, isNew: Bool)?
    {
        try await postgres.withTransaction { connection -> (ChatMessage, Bool)? in
            // One statement: an already stored message comes back as it is (a redelivery);
            // otherwise the conversation's counter numbers the new one. The row lock taken by the
            // UPDATE also orders concurrent writers of one conversation.
            let rows = try await connection.query("""
                WITH existing AS (
                    SELECT \(fragment: StoredMessage.columns) FROM messaging.messages WHERE id = \(command.messageID)
                ), numbered AS (
                    UPDATE messaging.conversations SET last_seq = last_seq + 1, last_message_at = now()
                    WHERE id = \(command.conversationID) AND NOT EXISTS (SELECT 1 FROM existing)
                    RETURNING last_seq
                ), inserted AS (
                    INSERT INTO messaging.messages (id, conversation_id, seq, sender_id, body, body_ciphertext, key_id)
                    SELECT \(command.messageID), \(command.conversationID), last_seq, \(command.senderID), \(command.body),
                           \(command.sealedBody?.combined), \(command.sealedBody?.keyID)
                    FROM numbered
                    RETURNING \(fragment: StoredMessage.columns)
                )
                SELECT \(fragment: StoredMessage.columns), true AS is_new FROM inserted
                UNION ALL
                SELECT \(fragment: StoredMessage.columns), false AS is_new FROM existing
                """)
            guard let row = rows.first else { return nil }
            let message = try StoredMessage(row: row).opened(with: cipher)
            guard try row.decode(Bool.self, column: "is_new") else { return (message, false) }
            // One statement for every offline participant of a group conversation.
            let notifications = try offline.map { userID in
                try Outbox.Entry(DispatchNotification(userID: userID, type: "chat.message", title: "New message", body: preview,
                                                      data: ["conversation_id": command.conversationID.uuidString.lowercased(),
                                                             "message_id": command.messageID.uuidString.lowercased()]),
                                 actor: command.senderID.uuidString.lowercased(), traceparent: nil)
            }
            try await Outbox.enqueue(notifications, on: connection)
            return (message, true)
        }.map { (message: $0.0, isNew: $0.1) }
    }

    /// Records that `userID` read up to a message: the participant's read position, and the
    /// message's `read_at` when the reader is not its sender.
    /// - Returns: the message, or nil when the user does not take part in its conversation.
    public func markRead(messageID: UUID, userID: UUID) async throws -> ChatMessage? {
        try await postgres.withTransaction { connection -> ChatMessage? in
            let rows = try await connection.query("""
                SELECT \(fragment: StoredMessage.columns) FROM messaging.messages m
                WHERE m.id = \(messageID) AND EXISTS (SELECT 1 FROM messaging.conversation_participants p
                                                       WHERE p.conversation_id = m.conversation_id AND p.user_id = \(userID))
                """)
            guard let row = rows.first else { return nil }
            var message = try StoredMessage(row: row)
            // Only someone else reading it marks the message read; any read moves the reader's
            // position, which is what unread counts are computed from.
            if message.senderID != userID {
                let updated = try await connection.query("""
                    UPDATE messaging.messages SET read_at = COALESCE(read_at, now()) WHERE id = \(messageID) RETURNING read_at
                    """)
                message.readAt = try updated.first?.decode(Date?.self, column: "read_at") ?? message.readAt
            }
            try await connection.execute("""
                UPDATE messaging.conversation_participants SET last_read_seq = GREATEST(last_read_seq, \(message.seq))
                WHERE conversation_id = \(message.conversationID) AND user_id = \(userID)
                """)
            return try message.opened(with: cipher)
        }
    }
}

/// Rolls back a conversation whose participant list named someone who is not an active user.
struct UnknownParticipant: Error {}
