import Foundation
import PostgresClient

/// The suppression list (`messaging.email_suppressions`): addresses that hard-bounced.
/// Addresses are compared normalised (trimmed, lower-case).
public struct SuppressionStore: Sendable {
    private let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    /// Whether `address` is suppressed now (an expired entry no longer counts).
    /// - Throws: `PostgresError`.
    public func isSuppressed(_ address: String) async throws -> Bool {
        try await postgres.query("SELECT \(fragment: Self.isActive(address)) AS suppressed").first?
            .decode(Bool.self, column: "suppressed") ?? false
    }

    /// The SQL condition "`address` has an unexpired entry", for queries that fold the check in
    /// (the email worker reads it in the statement that starts a delivery).
    static func isActive(_ address: String) -> PostgresQuery {
        """
        EXISTS (SELECT 1 FROM messaging.email_suppressions
                WHERE address = \(EmailAddressText.normalize(address)) AND (expires_at IS NULL OR expires_at > now()))
        """
    }

    /// Adds or refreshes an entry (a new bounce restarts the period).
    /// - Throws: `PostgresError`.
    public func suppress(_ address: String, reason: String, for duration: Duration?, commandID: UUID?, now: Date = .now) async throws {
        let expiresAt = duration.map { now.addingTimeInterval(TimeInterval($0.components.seconds)) }
        try await postgres.execute("""
            INSERT INTO messaging.email_suppressions (address, reason, source_command_id, created_at, expires_at)
            VALUES (\(EmailAddressText.normalize(address)), \(reason), \(commandID), \(now), \(expiresAt))
            ON CONFLICT (address) DO UPDATE
            SET reason = EXCLUDED.reason, source_command_id = EXCLUDED.source_command_id,
                created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
            """)
    }

    /// Removes `address` from the list. - Returns: whether it was on it.
    /// - Throws: `PostgresError`.
    @discardableResult
    public func remove(_ address: String) async throws -> Bool {
        try await postgres.execute("""
            DELETE FROM messaging.email_suppressions WHERE address = \(EmailAddressText.normalize(address))
            """) > 0
    }

    /// Entries newest first, expired ones included only when asked.
    /// - Throws: `PostgresError`.
    public func list(includeExpired: Bool = false, limit: Int = 100, now: Date = .now) async throws -> [Suppression] {
        let filter: PostgresQuery = includeExpired ? "TRUE" : "(expires_at IS NULL OR expires_at > \(now))"
        let rows = try await postgres.query("""
            SELECT \(fragment: Suppression.columns) FROM messaging.email_suppressions
            WHERE \(fragment: filter) ORDER BY created_at DESC, address LIMIT \(min(max(limit, 1), 10_000))
            """)
        return try rows.map(Suppression.init(row:))
    }
}
