import Foundation
import Logging
import Pipeline
import PostgresClient
import Testing
import TestSupport

/// Recurring commands cross cron slots on a `ManualClock`; delayed commands keep PostgreSQL's
/// clock, so these schedulers never emit another test's delayed command early.
@Suite("Recurring commands")
struct RecurringCommandTests {
    typealias Fixtures = SchedulingFixtures

    static func utc(_ text: String) throws -> Date { try CronScheduleTests.utc(text) }

    static func everyMinute(_ name: String) throws -> RecurringCommand {
        RecurringCommand(name: name, schedule: try CronSchedule("* * * * *")) { slot in
            RefreshStats(recurring: name, slot: slot)
        }
    }

    /// The slots emitted for `name`, oldest first, with the command id of each.
    static func runs(_ name: String, on postgres: PostgresClient) async throws -> [(slot: Date, commandID: UUID)] {
        try await postgres.query("SELECT slot, command_id FROM pipeline.recurring_runs WHERE name = \(name) ORDER BY slot")
            .map { (try $0.decode(Date.self, column: "slot"), try $0.decode(UUID.self, column: "command_id")) }
    }

    static func cleanUp(_ name: String, on postgres: PostgresClient) async throws {
        try await postgres.execute("DELETE FROM pipeline.recurring_runs WHERE name = \(name)")
        try await postgres.execute("DELETE FROM pipeline.recurring_schedules WHERE name = \(name)")
    }

    @Test("each slot is emitted once across two schedulers; after a missed window only the latest slot is emitted")
    func oncePerSlotAndLatestAfterDowntime() async throws {
        let postgres = try await Fixtures.prepare()
        let name = TestStack.uniqueName("stats-refresh")
        let clock = ManualClock(try Self.utc("2031-05-01 00:00:30"))
        // Different lock keys: both lead, so the slot claim in PostgreSQL alone prevents doubles.
        let schedulers = try (0..<2).map { index in
            try Fixtures.scheduler(try Fixtures.client(applicationName: "sched-cron-\(index)"), lockKey: Fixtures.uniqueLockKey(),
                                   recurring: [try Self.everyMinute(name)], clock: clock)
        }
        let tasks = schedulers.map(Fixtures.start)
        // First sight registers the command; its current slot (00:00) counts as handled.
        #expect(try await Fixtures.eventually {
            try await !postgres.query("SELECT 1 FROM pipeline.recurring_schedules WHERE name = \(name)").isEmpty
        })
        try await Task.sleep(for: .milliseconds(200))
        #expect(try await Self.runs(name, on: postgres).isEmpty)

        for (now, expected) in [("2031-05-01 00:01:10", 1), ("2031-05-01 00:02:05", 2), ("2031-05-01 00:02:50", 2)] {
            clock.set(try Self.utc(now))
            #expect(try await Fixtures.eventually { try await Self.runs(name, on: postgres).count == expected })
            try await Task.sleep(for: .milliseconds(200))
        }
        // Down from 00:03 to 00:07: one command, for 00:07, not five.
        clock.set(try Self.utc("2031-05-01 00:07:40"))
        #expect(try await Fixtures.eventually { try await Self.runs(name, on: postgres).count == 3 })
        try await Task.sleep(for: .milliseconds(300))

        let runs = try await Self.runs(name, on: postgres)
        #expect(try runs.map(\.slot) == ["2031-05-01 00:01", "2031-05-01 00:02", "2031-05-01 00:07"].map(Self.utc))
        let counts = try await Fixtures.outboxCounts(runs.map(\.commandID), on: postgres)
        #expect(counts.count == 3 && counts.values.allSatisfy { $0 == 1 })
        for run in runs {
            let shipped = try #require(try await Fixtures.outboxEnvelope(run.commandID, on: postgres))
            #expect(try shipped.envelope.decode(RefreshStats.self) == RefreshStats(recurring: name, slot: run.slot))
            #expect(shipped.envelope.actor == "system:scheduler")
        }
        for task in tasks { await Fixtures.stop(task) }
        try await Self.cleanUp(name, on: postgres)
        await postgres.close()
    }

    @Test("a recurring command whose envelope cannot be built is retried at the next tick, not skipped")
    func failedBuildRetried() async throws {
        struct NotYet: Error {}
        let postgres = try await Fixtures.prepare()
        let name = TestStack.uniqueName("erasure-sweep")
        let clock = ManualClock(try Self.utc("2031-06-01 02:59:00"))
        let attempts = ManualClock(.distantPast)  // the slot of the last refused build, reused as a flag
        let sweep = RecurringCommand(name: name, schedule: try CronSchedule("0 3 * * *")) { slot in
            guard attempts.now == slot else {
                attempts.set(slot)
                throw NotYet()
            }
            return RefreshStats(recurring: name, slot: slot)
        }
        let task = Fixtures.start(try Fixtures.scheduler(postgres, lockKey: Fixtures.uniqueLockKey(), recurring: [sweep], clock: clock))
        #expect(try await Fixtures.eventually {
            try await !postgres.query("SELECT 1 FROM pipeline.recurring_schedules WHERE name = \(name)").isEmpty
        })
        clock.set(try Self.utc("2031-06-01 03:00:20"))
        #expect(try await Fixtures.eventually { try await Self.runs(name, on: postgres).count == 1 })
        #expect(try await Self.runs(name, on: postgres).map(\.slot) == [Self.utc("2031-06-01 03:00")])
        await Fixtures.stop(task)
        try await Self.cleanUp(name, on: postgres)
        await postgres.close()
    }

    @Test("two recurring commands with one name are refused at startup")
    func duplicateNamesRefused() throws {
        let postgres = try TestClients.postgres(poolSize: 1)
        let error = #expect(throws: SchedulingError.self) {
            try CommandScheduler(postgres: postgres, recurring: [try Self.everyMinute("twice"), try Self.everyMinute("twice")],
                                 logger: Fixtures.logger)
        }
        #expect(error?.code == .invalidRecurringCommand)
    }
}
