import Foundation
import KafkaClient
import Logging
import Pipeline
import Platform
import PostgresClient
import Synchronization
import Testing
import TestSupport

/// A delayed command used by the scheduler tests.
struct SendReminder: Command, Equatable {
    static let topic = TopicName(TestStack.uniqueName("test.reminders"))
    static let commandType = CommandType("SendReminder", topic: topic)

    let userID: UUID
    let text: String

    var orderingKey: String { userID.uuidString.lowercased() }
}

/// A recurring command used by the scheduler tests; carries the slot it was emitted for.
struct RefreshStats: Command, Equatable {
    static let commandType = CommandType("RefreshStats", topic: SendReminder.topic)

    let recurring: String
    let slot: Date

    var orderingKey: String { recurring }
}

/// A clock the test moves by hand, to cross cron slots without waiting minutes.
final class ManualClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func set(_ date: Date) { current.withLock { $0 = date } }
}

/// Helpers shared by the scheduler tests. Each test uses its own advisory lock key, so schedulers
/// of tests running in parallel never compete for leadership with each other.
enum SchedulingFixtures {
    static let logger = Logger(label: "test.scheduler")

    static func uniqueLockKey() -> Int64 { Int64.random(in: 1...Int64.max) }

    /// A client of its own, as a separate process would have, named so a test can find its
    /// backend in `pg_stat_activity`.
    static func client(applicationName: String) throws -> PostgresClient {
        var configuration = try PostgresConfiguration(url: TestStack.databaseURL)
        configuration.poolSize = 2
        configuration.applicationName = applicationName
        return PostgresClient(configuration: configuration, logger: Logger(label: "test.postgres"))
    }

    /// The schema, and the test topic so that outbox publishers of other suites can ship our rows.
    static func prepare() async throws -> PostgresClient {
        try await KafkaTestConsumer.createTopic(SendReminder.topic.name)
        return try await TestClients.migratedPostgres()
    }

    static func scheduler(_ postgres: PostgresClient, lockKey: Int64, recurring: [RecurringCommand] = [],
                          clock: ManualClock? = nil, batchSize: Int = 500) throws -> CommandScheduler {
        var recurringClock: (@Sendable () -> Date)?
        if let clock { recurringClock = { clock.now } }
        return try CommandScheduler(postgres: postgres, recurring: recurring, logger: logger, tick: .milliseconds(50),
                                    leadershipRetry: .milliseconds(200), batchSize: batchSize, lockKey: lockKey,
                                    recurringClock: recurringClock)
    }

    /// Runs `scheduler` as a service would, until the returned task is cancelled.
    static func start(_ scheduler: CommandScheduler) -> Task<Void, Error> {
        Task { try await scheduler.run() }
    }

    static func stop(_ task: Task<Void, Error>) async {
        task.cancel()
        _ = await task.result
    }

    /// Polls `condition` every 25 ms; false when `timeout` passed first.
    static func eventually(within timeout: Duration = .seconds(5), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(25))
        }
        return try await condition()
    }

    /// How many outbox rows carry `id` (the schema allows at most one; zero means not emitted).
    static func outboxCount(_ id: UUID, on postgres: PostgresClient) async throws -> Int {
        let rows = try await postgres.query("SELECT count(*) AS n FROM pipeline.outbox WHERE command_id = \(id)")
        return try rows.first?.decode(Int.self, column: "n") ?? 0
    }

    /// Outbox rows per command id, for the ids given.
    static func outboxCounts(_ ids: [UUID], on postgres: PostgresClient) async throws -> [UUID: Int] {
        let rows = try await postgres.query("""
            SELECT command_id, count(*) AS n FROM pipeline.outbox WHERE command_id = ANY(\(ids)) GROUP BY command_id
            """)
        var counts: [UUID: Int] = [:]
        for row in rows {
            counts[try row.decode(UUID.self, column: "command_id")] = try row.decode(Int.self, column: "n")
        }
        return counts
    }

    /// The envelope as the outbox holds it.
    static func outboxEnvelope(_ id: UUID, on postgres: PostgresClient) async throws -> (envelope: CommandEnvelope, topic: String)? {
        let rows = try await postgres.query("""
            SELECT command_id, topic, message_key, command_type, version, actor, traceparent, issued_at, payload
            FROM pipeline.outbox WHERE command_id = \(id)
            """)
        guard let row = rows.first else { return nil }
        let envelope = CommandEnvelope(
            id: try row.decode(UUID.self, column: "command_id"),
            type: try row.decode(String.self, column: "command_type"),
            version: try row.decode(Int.self, column: "version"),
            issuedAt: try row.decode(Date.self, column: "issued_at"),
            actor: try row.decode(String?.self, column: "actor"),
            traceparent: try row.decode(String?.self, column: "traceparent").flatMap(TraceParent.init),
            key: try row.decode(String.self, column: "message_key"),
            payload: try row.decode([UInt8].self, column: "payload"))
        return (envelope, try row.decode(String.self, column: "topic"))
    }

    /// The application name of the session holding the lock `key`, if any.
    static func leaderName(lockKey: Int64, on postgres: PostgresClient) async throws -> String? {
        guard let pid = try await CommandScheduler.leaderBackendPID(lockKey: lockKey, on: postgres) else { return nil }
        let rows = try await postgres.query("SELECT application_name FROM pg_stat_activity WHERE pid = \(pid)")
        return try rows.first?.decode(String.self, column: "application_name")
    }

    static func reminder() -> SendReminder {
        SendReminder(userID: UUID(), text: "your lesson starts soon")
    }
}
