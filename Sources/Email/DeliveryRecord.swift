import Foundation
import PostgresClient

/// One row of the delivery log, as `relais email log` shows it.
public struct DeliveryRecord: Sendable, Equatable, Encodable {
    public var commandID: UUID
    public var template: String
    public var locale: String
    public var category: String
    public var recipient: String
    public var status: DeliveryStatus
    public var attempts: Int
    /// The server's last reply, e.g. "250 2.0.0 Ok: queued as 4F2A", or a transport error code.
    public var lastReply: String?
    public var messageID: String
    public var createdAt: Date
    public var updatedAt: Date
    public var sentAt: Date?

    static let columns: PostgresQuery = """
        command_id, template, locale, category, recipient, status, attempts, last_reply, message_id,
        created_at, updated_at, sent_at
        """

    init(row: PostgresRow) throws {
        commandID = try row.decode(UUID.self, column: "command_id")
        template = try row.decode(String.self, column: "template")
        locale = try row.decode(String.self, column: "locale")
        category = try row.decode(String.self, column: "category")
        recipient = try row.decode(String.self, column: "recipient")
        let statusText = try row.decode(String.self, column: "status")
        guard let status = DeliveryStatus(rawValue: statusText) else {
            throw PostgresError(code: .decoding)
        }
        self.status = status
        attempts = try row.decode(Int.self, column: "attempts")
        lastReply = try row.decode(String?.self, column: "last_reply")
        messageID = try row.decode(String.self, column: "message_id")
        createdAt = try row.decode(Date.self, column: "created_at")
        updatedAt = try row.decode(Date.self, column: "updated_at")
        sentAt = try row.decode(Date?.self, column: "sent_at")
    }
}
