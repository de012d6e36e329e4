import Email
import Foundation
import PersonalData
import PostgresClient

/// The deletion request an `EraseUser` completes, with the address captured before the account
/// row was anonymised (where the final email goes).
struct ErasureTarget: Sendable {
    let requestID: UUID
    let subject: ErasureSubject
    /// Nil when the account had no address left to capture (erased earlier by other means).
    let contact: (email: String, firstName: String, locale: EmailLocale)?

    /// Loads the request and captures the account's address on it the first time (a committed
    /// write of its own, before any store runs, so a resumed run still knows where to write).
    /// - Returns: nil when there is nothing to erase: no such request, cancelled, or finished.
    static func load(requestID: UUID, userID: UUID, postgres: PostgresClient) async throws -> ErasureTarget? {
        // Captures once: a resumed run finds the address already there (the account row may be
        // anonymised by then).
        try await postgres.execute("""
            UPDATE privacy.deletion_requests r
            SET notify_email = u.email, notify_first_name = u.first_name, notify_locale = u.language
            FROM identity.users u
            WHERE r.id = \(requestID) AND r.user_id = \(userID) AND u.id = r.user_id AND u.status <> 'deleted'
              AND r.notify_email IS NULL AND r.cancelled_at IS NULL AND r.erased_at IS NULL
            """)
        let rows = try await postgres.query("""
            SELECT notify_email, notify_first_name, notify_locale, cancelled_at, erased_at
            FROM privacy.deletion_requests WHERE id = \(requestID) AND user_id = \(userID)
            """)
        guard let row = rows.first, try row.decode(Date?.self, column: "cancelled_at") == nil,
              try row.decode(Date?.self, column: "erased_at") == nil else { return nil }
        guard let email = try row.decode(String?.self, column: "notify_email") else {
            return ErasureTarget(requestID: requestID, subject: ErasureSubject(userID: userID, email: ""), contact: nil)
        }
        let locale = EmailLocale(rawValue: try row.decode(String?.self, column: "notify_locale") ?? "") ?? .default
        return ErasureTarget(requestID: requestID, subject: ErasureSubject(userID: userID, email: email.lowercased()),
                             contact: (email, try row.decode(String?.self, column: "notify_first_name") ?? "", locale))
    }
}
