import Foundation
import PersonalData
import PostgresClient

/// Chat's personal data: the user's messages (exported decrypted) and conversation memberships.
///
/// Erasure deletes the bodies of the user's messages but keeps each message's place (sequence
/// numbers and read markers of the other participants stay consistent), and removes the user
/// from their conversations. Other participants' messages are theirs and stay.
public struct ChatPersonalData: PersonalDataStore {
    public let name = "chat"
    public let version = 1
    let cipher: MessageCipher

    public init(cipher: MessageCipher) {
        self.cipher = cipher
    }

    public var columns: [PersonalColumn] {
        [
            PersonalColumn("messaging.messages", "sender_id", .keep("the message keeps its place; its body is deleted")),
            PersonalColumn("messaging.conversation_participants", "user_id", .delete),
            PersonalColumn("messaging.conversations", "created_by", .keep("points at the anonymous account")),
        ]
    }

    public func export(_ userID: UUID, on connection: PostgresConnection) async throws -> [ExportPart] {
        let conversations = try await ExportPart.rows("conversations", """
            SELECT c.id, c.title, c.sensitive, c.created_by = \(userID) AS created_by_me, p.joined_at, p.last_read_seq
            FROM messaging.conversation_participants p JOIN messaging.conversations c ON c.id = p.conversation_id
            WHERE p.user_id = \(userID) ORDER BY p.joined_at
            """, on: connection)
        let rows = try await connection.query("""
            SELECT \(fragment: StoredMessage.columns) FROM messaging.messages
            WHERE sender_id = \(userID) AND body_erased_at IS NULL ORDER BY created_at, seq
            """)
        let messages = try rows.map { try StoredMessage(row: $0).opened(with: cipher) }
        return [conversations, ExportPart(name: "messages_sent", json: try Self.json(messages))]
    }

    public func erase(_ subject: ErasureSubject, on connection: PostgresConnection) async throws -> Int {
        var changed = try await connection.execute("""
            UPDATE messaging.messages SET body = '', body_ciphertext = NULL, key_id = NULL, body_erased_at = now()
            WHERE sender_id = \(subject.userID) AND body_erased_at IS NULL
            """)
        changed += try await connection.execute("""
            DELETE FROM messaging.conversation_participants WHERE user_id = \(subject.userID)
            """)
        return changed
    }

    /// The messages in the API's JSON form (snake_case keys, ISO 8601 dates).
    private static func json(_ messages: [ChatMessage]) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(messages), as: UTF8.self)
    }
}
