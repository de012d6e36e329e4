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
        let rows = try await postgres.query("""
            WITH captured AS (
                UPDATE privacy.deletion_requests r
                SET notify_email = u.email, notify_first_name = u.first_name, notify_locale = u.language
                FROM identity.users u
                WHERE r.id = \(requestID) AND r.user_id = \(userID) AND u.id = r.user_id AND u.status <> 'deleted'
                  AND r.notify_email IS NULL AND r.cancelled_at IS NULL AND r.erased_at IS NULL
                RETURNING r.id
            )
            SELECT r.notify_email, r.notify_first_name, r.notify_locale, r.cancelled_at, r.erased_at,
                   EXISTS (SELECT 1 FROM captured) AS just_captured
            FROM privacy.deletion_requests r WHERE r.id = \(requestID) AND r.user_id = \(userID)
            """)
        guard let row = rows.first, try row.decode(Date?.self, column: "cancelled_at") == nil,
              try row.decode(Date?.self, column: "erased_at") == nil else { return nil }
        // The statement's snapshot predates its own UPDATE: a capture made just now is re-read.
        if try row.decode(Bool.self, column: "just_captured") {
            return try await load(requestID: requestID, userID: userID, postgres: postgres)
        }
        guard let email = try row.decode(String?.self, column: "notify_email") else {
            return ErasureTarget(requestID: requestID, subject: ErasureSubject(userID: userID, email: ""), contact: nil)
        }
        let locale = EmailLocale(rawValue: try row.decode(String?.self, column: "notify_locale") ?? "") ?? .default
        return ErasureTarget(requestID: requestID, subject: ErasureSubject(userID: userID, email: email.lowercased()),
                             contact: (email, try row.decode(String?.self, column: "notify_first_name") ?? "", locale))
    }
}
