import Chat
import ErasureWorker
import Foundation
import Logging
import Migrations
import PersonalData
import Pipeline
import PostgresClient
import Privacy
import RedisClient

/// Issue 9's erasure figure: the erasure of a user with 10,000 rows across modules through the
/// worker's own `EraseUserHandler` (every store's transaction with its ledger row, the Redis
/// step, the signed receipt). Baseline: the same stores' erasure statements for an identical
/// user in one transaction, without ledger, Redis or receipt — the least work the erasure
/// itself needs. Also the export of that user's 10,000 rows.
enum PrivacyBenchmark {
    static func run(_ settings: BenchSettings) async throws -> BenchResult {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let postgres = PostgresClient(configuration: try PostgresConfiguration(url: settings.databaseURL), logger: logger)
        let redis = RedisClient(configuration: try RedisConfiguration(url: settings.redisURL), logger: logger)
        try await Migrator(postgres: postgres, migrations: try Migrator.bundled(), logger: logger).migrate()
        defer { Task { [postgres] in try? await PrivacyBenchData.removeAll(postgres); await postgres.close(); redis.close() } }
        try await PrivacyBenchData.removeAll(postgres)

        let cipher = try MessageCipher(settings: EncryptionSettings(currentKeyHex: String(repeating: "ab", count: 32)))
        let registry = PersonalDataRegistry.standard(cipher: cipher)
        let privacy = PrivacySettings(signingSecret: Array(repeating: 7, count: 32))
        let courses = try await PrivacyBenchData.courses(postgres)

        // Export, then erasure, of the first user.
        let measured = try await PrivacyBenchData.seedUser(postgres, courses: courses)
        let exportSeconds = try await seconds {
            try await postgres.withTransaction(isolation: .repeatableRead) { connection in
                for store in registry.stores { _ = try await store.export(measured.user, on: connection) }
            }
        }
        let handler = EraseUserHandler(postgres: postgres, redis: redis, registry: registry, settings: privacy,
                                       accessTokenLifetime: .seconds(900), refreshTokenLifetime: .seconds(7 * 86_400))
        let command = EraseUser(userID: measured.user, requestID: measured.request)
        let context = HandlerContext.direct(command, consumerGroup: "bench.erasure", logger: logger)
        let erasureSeconds = try await seconds { try await handler.handle(command, context: context) }
        let secondRunSeconds = try await seconds { try await handler.handle(command, context: context) }

        // Baseline: the bare statements for an identical user.
        let baselineUser = try await PrivacyBenchData.seedUser(postgres, courses: courses)
        let subject = ErasureSubject(userID: baselineUser.user, email: try await postgres.query("""
            SELECT email FROM identity.users WHERE id = \(baselineUser.user)
            """).first?.decode(String.self, column: "email") ?? "")
        let baselineSeconds = try await seconds {
            try await postgres.withTransaction { connection in
                for store in registry.stores { _ = try await store.erase(subject, on: connection) }
            }
        }
        try await PrivacyBenchData.removeAll(postgres)

        return BenchResult(unit: "ms", relais: erasureSeconds * 1_000, baseline: baselineSeconds * 1_000,
                           baselineName: "bare erasure statements in one transaction", target: 0, notes: [
                               "erasure_rows": PrivacyBenchData.totalRows, "erasure_rows_per_table": PrivacyBenchData.rows,
                               "erasure_ms": (erasureSeconds * 10_000).rounded() / 10,
                               "erasure_second_run_ms": (secondRunSeconds * 10_000).rounded() / 10,
                               "baseline_ms": (baselineSeconds * 10_000).rounded() / 10,
                               "export_ms": (exportSeconds * 10_000).rounded() / 10,
                               "stores": registry.stores.map(\.name),
                           ])
    }

    private static func seconds(_ work: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await work()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
