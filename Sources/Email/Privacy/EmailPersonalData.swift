import Foundation
import PersonalData
import PostgresClient

/// The email worker's records about an address: the delivery log and the suppression list.
/// Both are keyed by address, not user id, hence the address captured before erasure.
public struct EmailPersonalData: PersonalDataStore {
    public let name = "email"
    public let version = 1

    public init() {}

    public var columns: [PersonalColumn] {
        [
            PersonalColumn("messaging.email_deliveries", "recipient", .anonymise("the account's deleted-<user id>@invalid address")),
            PersonalColumn("messaging.email_suppressions", "address", .delete),
        ]
    }

    public func export(_ userID: UUID, on connection: PostgresConnection) async throws -> [ExportPart] {
        let address: PostgresQuery = "(SELECT lower(email) FROM identity.users WHERE id = \(userID))"
        return [
            try await ExportPart.rows("deliveries", """
                SELECT template, locale, category, status, attempts, created_at, sent_at FROM messaging.email_deliveries
                WHERE recipient = \(fragment: address) ORDER BY created_at
                """, on: connection),
            try await ExportPart.rows("suppressions", """
                SELECT reason, created_at, expires_at FROM messaging.email_suppressions WHERE address = \(fragment: address)
                """, on: connection),
        ]
    }

    public func erase(_ subject: ErasureSubject, on connection: PostgresConnection) async throws -> Int {
        var changed = try await connection.execute("""
            UPDATE messaging.email_deliveries SET recipient = \(subject.anonymousEmail), last_reply = NULL
            WHERE recipient = \(subject.email)
            """)
        changed += try await connection.execute("DELETE FROM messaging.email_suppressions WHERE address = \(subject.email)")
        return changed
    }
}
