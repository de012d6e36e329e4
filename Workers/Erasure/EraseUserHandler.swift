import Email
import Foundation
import Identity
import PersonalData
import Pipeline
import Platform
import PostgresClient
import Privacy
import RedisClient

/// Handles `EraseUser`: runs every registered store's erasure, then the Redis step, then writes
/// the signed receipt and queues the final email.
///
/// Resumable and idempotent: each store's erasure commits with its ledger row, and a store that
/// already has one is skipped, so a run interrupted anywhere resumes at the first unprocessed
/// store, and a run after the receipt was written changes nothing.
public struct EraseUserHandler: CommandHandler {
    /// The ledger name of the Redis step (not a PostgreSQL store).
    static let redisStep = "redis"
    static let redisStepVersion = 1
    static let receiptFormat = "relais-erasure-receipt/1"

    let postgres: PostgresClient
    let redis: RedisClient
    let registry: PersonalDataRegistry
    let signer: PrivacySigner
    let denylist: TokenDenylist
    /// The longest a refresh token lives: older sessions cannot have live tokens.
    let refreshTokenLifetime: Duration

    public init(postgres: PostgresClient, redis: RedisClient, registry: PersonalDataRegistry, settings: PrivacySettings,
                accessTokenLifetime: Duration, refreshTokenLifetime: Duration) {
        self.postgres = postgres
        self.redis = redis
        self.registry = registry
        signer = PrivacySigner(secret: settings.signingSecret)
        denylist = TokenDenylist(redis: redis, accessTokenLifetime: accessTokenLifetime)
        self.refreshTokenLifetime = refreshTokenLifetime
    }

    public func handle(_ command: EraseUser, context: HandlerContext) async throws {
        guard let target = try await ErasureTarget.load(requestID: command.requestID, userID: command.userID, postgres: postgres) else {
            context.logger.info("nothing to erase: the request is cancelled, finished or gone",
                                metadata: ["request_id": "\(command.requestID)"])
            return
        }
        for store in registry.stores {
            try await step(store.name, version: store.version, userID: command.userID) { connection in
                try await store.erase(target.subject, on: connection)
            }
        }
        try await redisStep(userID: command.userID)
        try await finish(target, context: context)
        context.logger.info("user erased", metadata: ["request_id": "\(command.requestID)"])
    }

    /// Runs one store's erasure with its ledger row, unless the ledger already has it. The
    /// per-user advisory lock keeps two deliveries of one command from interleaving.
    private func step(_ name: String, version: Int, userID: UUID,
                      _ erase: @Sendable (PostgresConnection) async throws -> Int) async throws {
        try await postgres.withTransaction { connection in
            _ = try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\("erasure:\(userID)"), 0))")
            let done = try await connection.query("""
                SELECT 1 AS done FROM privacy.erasure_ledger WHERE user_id = \(userID) AND store = \(name)
                """)
            guard done.isEmpty else { return }
            let changed = try await erase(connection)
            _ = try await ErasureLedger.record(userID: userID, store: name, version: version, outcome: "erased",
                                               rowsAffected: changed, on: connection)
        }
    }

    /// Denylists every session that may still have live access tokens (which also closes the
    /// user's sockets on every relay) and deletes the user's Redis keys. Both are idempotent,
    /// so the ledger row is written after them: a crash in between repeats the step harmlessly.
    private func redisStep(userID: UUID) async throws {
        let done = try await postgres.query("""
            SELECT 1 AS done FROM privacy.erasure_ledger WHERE user_id = \(userID) AND store = \(Self.redisStep)
            """)
        guard done.isEmpty else { return }
        let since = Date().addingTimeInterval(-Double(refreshTokenLifetime.components.seconds))
        let sessions = try await postgres.query("""
            SELECT id FROM identity.sessions WHERE user_id = \(userID) AND created_at >= \(since)
            """).map { try $0.decode(UUID.self, column: "id") }
        try await denylist.revoke(sessionIDs: sessions, userID: userID)
        let keys = try await UserRedisKeys.delete(userID: userID, in: redis)
        _ = try await ErasureLedger.record(userID: userID, store: Self.redisStep, version: Self.redisStepVersion,
                                           outcome: "sessions_revoked", rowsAffected: sessions.count + keys, on: postgres)
    }

    /// Writes the signed receipt, closes the request and queues the final email to the captured
    /// address, in one transaction; a finished erasure is left untouched.
    private func finish(_ target: ErasureTarget, context: HandlerContext) async throws {
        let userID = target.subject.userID
        try await postgres.withTransaction { connection in
            guard try await ErasureReceipt.of(userID: userID, on: connection) == nil else { return }
            let ledger = try await ErasureLedger.entries(userID: userID, on: connection)
            let completedAt = Date()
            let receipt = try Self.receiptText(target: target, ledger: ledger, completedAt: completedAt, policies: registry)
            _ = try await connection.execute("""
                INSERT INTO privacy.erasure_receipts (user_id, request_id, receipt, signature)
                VALUES (\(userID), \(target.requestID), \(receipt), \(signer.signReceipt(Array(receipt.utf8))))
                """)
            _ = try await connection.execute("""
                UPDATE privacy.deletion_requests SET erased_at = \(completedAt), notify_email = NULL, notify_first_name = NULL
                WHERE id = \(target.requestID)
                """)
            guard let contact = target.contact else { return }
            let email = SendEmail(template: .deletionCompleted, locale: contact.locale, to: contact.email, toName: contact.firstName,
                                  variables: ["first_name": contact.firstName, "completed_at": RFC3339.minuteText(completedAt)])
            try await Outbox.enqueue(email, actor: "worker:erasure", traceparent: context.traceparent, on: connection)
        }
    }

    /// The receipt as canonical JSON (sorted keys): what was processed, when, at which version,
    /// and the declared policy of every column. It holds no personal data.
    static func receiptText(target: ErasureTarget, ledger: [ErasureLedger.Entry], completedAt: Date,
                            policies: PersonalDataRegistry) throws -> String {
        let stores: [[String: Any]] = ledger.map { entry in
            ["name": entry.store, "version": entry.storeVersion, "outcome": entry.outcome, "rows_affected": entry.rowsAffected,
             "processed_at": RFC3339.format(entry.processedAt)]
        }
        let declared: [String: String] = Dictionary(uniqueKeysWithValues: policies.stores.flatMap { store in
            store.columns.map { ($0.qualifiedName, $0.policy.summary) }
        })
        let receipt: [String: Any] = [
            "format": receiptFormat, "user_id": target.subject.userID.uuidString.lowercased(),
            "request_id": target.requestID.uuidString.lowercased(), "completed_at": RFC3339.format(completedAt),
            "stores": stores, "policies": declared,
        ]
        let data = try JSONSerialization.data(withJSONObject: receipt, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
