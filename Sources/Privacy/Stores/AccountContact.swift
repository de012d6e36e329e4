import Email
import Foundation
import PostgresClient

/// Where and how to write to a user: read from the account row while it still holds the address.
struct AccountContact: Sendable {
    let email: String
    let firstName: String
    let locale: EmailLocale

    /// The contact of an account that can still receive mail (not yet erased).
    /// - Parameter locking: also locks the account row until the transaction ends, so two
    ///   requests of one user are taken one after the other.
    static func of(_ userID: UUID, locking: Bool = false, on connection: some PostgresQueryable) async throws -> AccountContact? {
        let lock: PostgresQuery = locking ? "FOR UPDATE" : ""
        let rows = try await connection.query("""
            SELECT email, first_name, language FROM identity.users WHERE id = \(userID) AND status <> 'deleted' \(fragment: lock)
            """)
        guard let row = rows.first else { return nil }
        return AccountContact(email: try row.decode(String.self, column: "email"),
                              firstName: try row.decode(String.self, column: "first_name"),
                              locale: EmailLocale(rawValue: try row.decode(String.self, column: "language")) ?? .default)
    }
}
