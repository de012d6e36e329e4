import Email
import Foundation
import Pipeline
import Platform
import PostgresClient

/// `privacy.exports`: requested by the owner, filled by the `erasure` worker, downloaded once.
public struct ExportStore: Sendable {
    let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    /// Records a pending export and its `ExportUserData` command in one transaction. A user with
    /// an export still pending gets that one back instead of a second.
    /// - Returns: the export and whether this call created it.
    public func request(userID: UUID, actor: String) async throws -> (export: DataExport, created: Bool) {
        try await postgres.withTransaction { connection in
            // Serialises concurrent requests of one user, so two clicks make one export.
            _ = try await connection.query("SELECT id FROM identity.users WHERE id = \(userID) FOR UPDATE")
            let pending = try await connection.query("""
                SELECT \(fragment: DataExport.columns) FROM privacy.exports WHERE user_id = \(userID) AND status = 'pending'
                """)
            if let row = pending.first { return (try DataExport(row: row), false) }
            let id = UUID()
            let rows = try await connection.query("""
                INSERT INTO privacy.exports (id, user_id) VALUES (\(id), \(userID)) RETURNING \(fragment: DataExport.columns)
                """)
            try await Outbox.enqueue(ExportUserData(exportID: id, userID: userID), actor: actor, traceparent: nil, on: connection)
            guard let row = rows.first else { throw PostgresError(code: .invalidQuery) }
            return (try DataExport(row: row), true)
        }
    }

    /// The user's exports, newest first.
    public func exports(userID: UUID) async throws -> [DataExport] {
        try await postgres.query("""
            SELECT \(fragment: DataExport.columns) FROM privacy.exports WHERE user_id = \(userID) ORDER BY requested_at DESC LIMIT 20
            """).map(DataExport.init(row:))
    }

    /// Stores the finished document and queues the email with the download link, in one
    /// transaction. Only a pending export changes, so a redelivered command does nothing.
    /// - Returns: false when the export was not pending (or no longer exists).
    public func complete(_ exportID: UUID, document: String, expiresAt: Date, link: (Date) -> String,
                         traceparent: TraceParent?, on connection: PostgresConnection) async throws -> Bool {
        let rows = try await connection.query("""
            UPDATE privacy.exports SET status = 'ready', document = \(document)::jsonb, ready_at = now(), expires_at = \(expiresAt)
            WHERE id = \(exportID) AND status = 'pending' RETURNING user_id
            """)
        guard let userID = try rows.first?.decode(UUID.self, column: "user_id") else { return false }
        guard let contact = try await AccountContact.of(userID, on: connection) else { return true }
        let email = SendEmail(template: .dataExportReady, locale: contact.locale, to: contact.email, toName: contact.firstName,
                              variables: ["first_name": contact.firstName, "download_url": link(expiresAt),
                                          "expires_at": RFC3339.minuteText(expiresAt)])
        try await Outbox.enqueue(email, actor: "worker:erasure", traceparent: traceparent, on: connection)
        return true
    }

    /// What a download found.
    public enum Download: Sendable, Equatable {
        case document(String)
        /// No such export of this user (or not ready yet).
        case notFound
        case expired
        case alreadyDownloaded
    }

    /// Hands out the document once: the row flips to `downloaded` (and forgets the document) in
    /// the statement that reads it, so two concurrent downloads cannot both succeed.
    /// - Parameter isValidToken: checks the link's token against the export's expiry.
    public func download(_ exportID: UUID, userID: UUID, isValidToken: (Date) -> Bool) async throws -> Download {
        let rows = try await postgres.query("""
            SELECT status, expires_at FROM privacy.exports WHERE id = \(exportID) AND user_id = \(userID)
            """)
        guard let row = rows.first, let expiresAt = try row.decode(Date?.self, column: "expires_at"),
              isValidToken(expiresAt) else { return .notFound }
        switch DataExport.Status(rawValue: try row.decode(String.self, column: "status")) {
        case .downloaded: return .alreadyDownloaded
        case .expired: return .expired
        default: break
        }
        guard expiresAt > Date() else { return .expired }
        let taken = try await postgres.query("""
            UPDATE privacy.exports e SET status = 'downloaded', downloaded_at = now(), document = NULL
            FROM (SELECT id, document FROM privacy.exports
                  WHERE id = \(exportID) AND user_id = \(userID) AND status = 'ready' AND expires_at > now() FOR UPDATE) old
            WHERE e.id = old.id
            RETURNING old.document::text AS document
            """)
        guard let document = try taken.first?.decode(String.self, column: "document") else { return .alreadyDownloaded }
        return .document(document)
    }

    /// Forgets the documents of exports whose link expired. - Returns: how many.
    public func purgeExpired(on connection: some PostgresQueryable) async throws -> Int {
        try await connection.execute("""
            UPDATE privacy.exports SET status = 'expired', document = NULL WHERE status = 'ready' AND expires_at <= now()
            """)
    }
}
