import Email
import Foundation
import Pipeline
import Platform
import PostgresClient

/// `privacy.deletion_requests`: opened by the user (or an admin), cancellable until the
/// deletion date, turned into `EraseUser` by the sweep.
public struct DeletionRequestStore: Sendable {
    let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    /// What opening a request found.
    public enum Opening: Sendable {
        case opened(DeletionRequest)
        /// The user already has an open request (returned unchanged).
        case alreadyOpen(DeletionRequest)
    }

    /// Opens a request due after `gracePeriod` and queues the confirmation email, in one
    /// transaction.
    /// - Parameter cancelURL: where the email's cancel link points.
    public func open(userID: UUID, reason: String?, gracePeriod: Duration, actor: String, cancelURL: String) async throws -> Opening? {
        try await postgres.withTransaction { connection in
            guard let contact = try await AccountContact.of(userID, locking: true, on: connection) else { return nil }
            if let open = try await Self.openRequest(userID: userID, on: connection) { return .alreadyOpen(open) }
            let deletionDate = Date().addingTimeInterval(Double(gracePeriod.components.seconds))
            let rows = try await connection.query("""
                INSERT INTO privacy.deletion_requests (id, user_id, reason, requested_by, deletion_date)
                VALUES (\(UUID()), \(userID), \(reason), \(actor), \(deletionDate))
                RETURNING \(fragment: DeletionRequest.columns)
                """)
            guard let row = rows.first else { return nil }
            let request = try DeletionRequest(row: row)
            let email = SendEmail(template: .deletionRequested, locale: contact.locale, to: contact.email, toName: contact.firstName,
                                  variables: ["first_name": contact.firstName, "deletion_date": RFC3339.minuteText(deletionDate),
                                              "cancel_url": cancelURL])
            try await Outbox.enqueue(email, actor: actor, traceparent: nil, on: connection)
            return .opened(request)
        }
    }

    /// Opens a request due now and emits its `EraseUser` at once (an admin's erasure), or
    /// moves the user's open request to now. - Returns: nil when there is no such live account.
    public func eraseNow(userID: UUID, actor: String) async throws -> DeletionRequest? {
        try await postgres.withTransaction { connection in
            guard try await AccountContact.of(userID, locking: true, on: connection) != nil else { return nil }
            let rows: [PostgresRow]
            if let open = try await Self.openRequest(userID: userID, on: connection) {
                rows = try await connection.query("""
                    UPDATE privacy.deletion_requests SET deletion_date = now(), erasure_emitted_at = now()
                    WHERE id = \(open.id) RETURNING \(fragment: DeletionRequest.columns)
                    """)
            } else {
                rows = try await connection.query("""
                    INSERT INTO privacy.deletion_requests (id, user_id, requested_by, deletion_date, erasure_emitted_at)
                    VALUES (\(UUID()), \(userID), \(actor), now(), now())
                    RETURNING \(fragment: DeletionRequest.columns)
                    """)
            }
            guard let row = rows.first else { return nil }
            let request = try DeletionRequest(row: row)
            try await Outbox.enqueue(EraseUser(userID: userID, requestID: request.id), actor: actor, traceparent: nil, on: connection)
            return request
        }
    }

    /// Cancels the user's open request if its deletion date has not come yet.
    /// - Returns: the cancelled request, or nil when there was none to cancel.
    public func cancel(userID: UUID) async throws -> DeletionRequest? {
        try await postgres.query("""
            UPDATE privacy.deletion_requests SET cancelled_at = now()
            WHERE user_id = \(userID) AND cancelled_at IS NULL AND erased_at IS NULL
              AND erasure_emitted_at IS NULL AND deletion_date > now()
            RETURNING \(fragment: DeletionRequest.columns)
            """).first.map(DeletionRequest.init(row:))
    }

    /// The user's open request, if any.
    public func openRequest(userID: UUID) async throws -> DeletionRequest? {
        try await Self.openRequest(userID: userID, on: postgres)
    }

    static func openRequest(userID: UUID, on connection: some PostgresQueryable) async throws -> DeletionRequest? {
        try await connection.query("""
            SELECT \(fragment: DeletionRequest.columns) FROM privacy.deletion_requests
            WHERE user_id = \(userID) AND cancelled_at IS NULL AND erased_at IS NULL
            """).first.map(DeletionRequest.init(row:))
    }

    /// Emits `EraseUser` for every request past its deletion date (at most `limit` per call) and
    /// stamps them, in one transaction, so a sweep run twice emits each erasure once.
    /// - Returns: how many erasures were emitted.
    public func emitDueErasures(limit: Int = 1_000, traceparent: TraceParent?) async throws -> Int {
        try await postgres.withTransaction { connection in
            let due = try await connection.query("""
                UPDATE privacy.deletion_requests SET erasure_emitted_at = now()
                WHERE id IN (SELECT id FROM privacy.deletion_requests
                             WHERE cancelled_at IS NULL AND erased_at IS NULL AND erasure_emitted_at IS NULL AND deletion_date <= now()
                             ORDER BY deletion_date LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                RETURNING id, user_id
                """)
            for row in due {
                let command = EraseUser(userID: try row.decode(UUID.self, column: "user_id"), requestID: try row.decode(UUID.self, column: "id"))
                try await Outbox.enqueue(command, actor: "system:privacy-sweep", traceparent: traceparent, on: connection)
            }
            return due.count
        }
    }
}
