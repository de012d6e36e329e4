import Foundation
import PersonalData
import PostgresClient

/// The privacy module's own records: exports (deleted: they are copies of everything else) and
/// deletion requests (kept as the record of the erasure, without the reason; the captured
/// address is cleared by the worker once the final email is queued).
public struct PrivacyPersonalData: PersonalDataStore {
    public let name = "privacy"
    public let version = 1

    public init() {}

    public var columns: [PersonalColumn] {
        let requests = "privacy.deletion_requests"
        return [
            PersonalColumn("privacy.exports", "user_id", .delete),
            PersonalColumn(requests, "user_id", .keep("the record of the erasure, for the receipt")),
            PersonalColumn(requests, "requested_by", .keep("the actor (user or admin id), no personal data")),
            PersonalColumn(requests, "reason", .anonymise("null")),
            PersonalColumn(requests, "notify_email", .anonymise("null once the final email is queued")),
            PersonalColumn(requests, "notify_first_name", .anonymise("null once the final email is queued")),
            PersonalColumn("privacy.erasure_ledger", "user_id", .keep("the erasure's record; it holds no personal data")),
            PersonalColumn("privacy.erasure_receipts", "user_id", .keep("the signed receipt; it holds no personal data")),
        ]
    }

    public func export(_ userID: UUID, on connection: PostgresConnection) async throws -> [ExportPart] {
        [
            try await ExportPart.rows("deletion_requests", """
                SELECT id, reason, requested_at, deletion_date, cancelled_at FROM privacy.deletion_requests
                WHERE user_id = \(userID) ORDER BY requested_at
                """, on: connection),
            try await ExportPart.rows("exports", """
                SELECT id, status, requested_at, ready_at, expires_at, downloaded_at FROM privacy.exports
                WHERE user_id = \(userID) ORDER BY requested_at
                """, on: connection),
        ]
    }

    public func erase(_ subject: ErasureSubject, on connection: PostgresConnection) async throws -> Int {
        var changed = try await connection.execute("DELETE FROM privacy.exports WHERE user_id = \(subject.userID)")
        changed += try await connection.execute("""
            UPDATE privacy.deletion_requests SET reason = NULL WHERE user_id = \(subject.userID) AND reason IS NOT NULL
            """)
        return changed
    }
}
