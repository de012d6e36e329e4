import Foundation
import PostgresClient

/// A `messaging.messages` row: the body in clear or sealed.
struct StoredMessage: Sendable {
    var id: UUID
    var conversationID: UUID
    var seq: Int64
    var senderID: UUID?
    var body: String?
    var sealed: SealedText?
    var readAt: Date?
    var createdAt: Date

    static let columns: PostgresQuery = "id, conversation_id, seq, sender_id, body, body_ciphertext, key_id, read_at, created_at"

    init(row: PostgresRow, prefix: String = "") throws {
        id = try row.decode(UUID.self, column: prefix + "id")
        conversationID = try row.decode(UUID.self, column: prefix + "conversation_id")
        seq = try row.decode(Int64.self, column: prefix + "seq")
        senderID = try row.decode(UUID?.self, column: prefix + "sender_id")
        body = try row.decode(String?.self, column: prefix + "body")
        let ciphertext = try row.decode([UInt8]?.self, column: prefix + "body_ciphertext")
        let keyID = try row.decode(String?.self, column: prefix + "key_id")
        if let ciphertext, let keyID {
            sealed = SealedText(combined: ciphertext, keyID: keyID)
        } else {
            sealed = nil
        }
        readAt = try row.decode(Date?.self, column: prefix + "read_at")
        createdAt = try row.decode(Date.self, column: prefix + "created_at")
    }

    /// The message with its body opened.
    /// - Throws: `MessageCipher.Failure` when a sealed body cannot be opened.
    func opened(with cipher: MessageCipher) throws -> ChatMessage {
        let text: String
        if let sealed {
            text = try cipher.open(sealed, messageID: id)
        } else {
            text = body ?? ""
        }
        return ChatMessage(id: id, conversationID: conversationID, seq: seq, senderID: senderID, body: text,
                           readAt: readAt, createdAt: createdAt)
    }
}
