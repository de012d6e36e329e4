import Foundation
import PostgresClient

/// The delivery log (`messaging.email_deliveries`): one row per SendEmail command, which is also
/// what makes delivery idempotent.
///
/// The row is marked `sending` and committed *before* the SMTP transaction, and `sent` right after
/// the server accepted the message. A redelivered command whose row says `sent` is acknowledged
/// without sending. The window that remains: the process dies after the server accepted the
/// message and before `sent` committed (a few milliseconds). Its redelivery finds `sending` and
/// sends again, with the same Message-ID, so mail clients can fold the duplicate. We choose a rare
/// duplicate over a lost password-reset email.
public struct DeliveryLogStore: Sendable {
    private let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    /// What `begin` found.
    public enum Start: Sendable, Equatable {
        /// Go ahead: this is attempt `attempt`; `interrupted` when an earlier attempt died
        /// mid-transaction; `recipientSuppressed` when the address is on the suppression list.
        case attempt(Int, interrupted: Bool, recipientSuppressed: Bool)
        /// Already sent: acknowledge without sending.
        case alreadySent
    }

    /// Records the start of an attempt for `commandID` (creating its row on the first one) and
    /// reads whether the recipient is suppressed: one round trip, because every email pays it.
    /// - Throws: `PostgresError`.
    public func begin(commandID: UUID, email: SendEmail, messageID: String) async throws -> Start {
        // The CTE reads the row as it was before this statement; a `sent` row is left untouched
        // and returns nothing.
        let rows = try await postgres.query("""
            WITH previous AS (SELECT status FROM messaging.email_deliveries WHERE command_id = \(commandID))
            INSERT INTO messaging.email_deliveries
                (command_id, template, locale, category, recipient, status, attempts, message_id)
            VALUES (\(commandID), \(email.template.rawValue), \(email.locale.rawValue), \(email.category.rawValue),
                    \(email.normalizedRecipient), 'sending', 1, \(messageID))
            ON CONFLICT (command_id) DO UPDATE
            SET status = 'sending', attempts = email_deliveries.attempts + 1, updated_at = now()
            WHERE email_deliveries.status <> 'sent'
            RETURNING attempts,
                (SELECT status FROM previous) AS previous_status,
                \(fragment: SuppressionStore.isActive(email.to)) AS suppressed
            """)
        guard let row = rows.first else { return .alreadySent }
        return .attempt(try row.decode(Int.self, column: "attempts"),
                        interrupted: try row.decode(String?.self, column: "previous_status") == DeliveryStatus.sending.rawValue,
                        recipientSuppressed: try row.decode(Bool.self, column: "suppressed"))
    }

    /// Records how the attempt ended.
    /// - Throws: `PostgresError`.
    public func finish(commandID: UUID, status: DeliveryStatus, reply: String?, now: Date = .now) async throws {
        let sentAt: Date? = status == .sent ? now : nil
        _ = try await postgres.execute("""
            UPDATE messaging.email_deliveries
            SET status = \(status.rawValue), last_reply = \(reply), updated_at = \(now), sent_at = COALESCE(\(sentAt), sent_at)
            WHERE command_id = \(commandID)
            """)
    }

    /// The newest rows first, optionally of one status and/or one recipient.
    /// - Throws: `PostgresError`.
    public func list(status: DeliveryStatus? = nil, recipient: String? = nil, limit: Int = 100) async throws -> [DeliveryRecord] {
        var filter: PostgresQuery = "TRUE"
        if let status { filter.append(" AND status = \(status.rawValue)") }
        if let recipient { filter.append(" AND recipient = \(EmailAddressText.normalize(recipient))") }
        let rows = try await postgres.query("""
            SELECT \(fragment: DeliveryRecord.columns) FROM messaging.email_deliveries
            WHERE \(fragment: filter) ORDER BY updated_at DESC, command_id LIMIT \(min(max(limit, 1), 10_000))
            """)
        return try rows.map(DeliveryRecord.init(row:))
    }

    /// The row of one command, if any.
    /// - Throws: `PostgresError`.
    public func record(commandID: UUID) async throws -> DeliveryRecord? {
        try await postgres.query("""
            SELECT \(fragment: DeliveryRecord.columns) FROM messaging.email_deliveries WHERE command_id = \(commandID)
            """).first.map(DeliveryRecord.init(row:))
    }
}
