import Foundation
import Logging
import Pipeline
import Platform
import PostgresClient
import Testing
import TestSupport

/// Against the shared PostgreSQL. Assertions read `pipeline.outbox` by command id, never Kafka:
/// outbox publishers of other suites ship any pending row. Each test has its own lock key.
@Suite("Command scheduler")
struct CommandSchedulerTests {
    typealias Fixtures = SchedulingFixtures

    @Test("a delayed command is emitted once, not before its time, as the envelope that was scheduled")
    func delayedEmittedOnceOnTime() async throws {
        let postgres = try await Fixtures.prepare()
        let scheduler = try Fixtures.scheduler(postgres, lockKey: Fixtures.uniqueLockKey())
        let task = Fixtures.start(scheduler)
        let reminder = Fixtures.reminder()
        let trace = TraceParent.random()
        let due = Date.now.addingTimeInterval(1.5)
        let id = try await postgres.withTransaction { connection in
            try await ScheduledCommands.schedule(reminder, at: due, actor: "user:42", traceparent: trace, on: connection)
        }
        #expect(try await Fixtures.eventually { scheduler.isLeader })
        while Date.now < due.addingTimeInterval(-0.2) {
            #expect(try await Fixtures.outboxCount(id, on: postgres) == 0, "emitted before its time")
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(try await Fixtures.eventually { try await Fixtures.outboxCount(id, on: postgres) == 1 })
        let timing = try await postgres.query("""
            SELECT o.created_at >= s.due_at AS on_time FROM pipeline.outbox o
            JOIN pipeline.scheduled_commands s USING (command_id) WHERE command_id = \(id)
            """)
        #expect(try timing.first?.decode(Bool.self, column: "on_time") == true)
        #expect(try await ScheduledCommands.status(id: id, on: postgres) == .emitted)

        let shipped = try #require(try await Fixtures.outboxEnvelope(id, on: postgres))
        #expect(shipped.topic == SendReminder.topic.name)
        #expect(shipped.envelope.id == id)
        #expect(shipped.envelope.actor == "user:42")
        #expect(shipped.envelope.key == reminder.orderingKey)
        #expect(shipped.envelope.traceparent?.traceID == trace.traceID)
        #expect(try shipped.envelope.decode(SendReminder.self) == reminder)

        try await Task.sleep(for: .milliseconds(300))
        #expect(try await Fixtures.outboxCount(id, on: postgres) == 1)
        await Fixtures.stop(task)
        #expect(!scheduler.isLeader)
        await postgres.close()
    }

    @Test("a command whose time passed while no scheduler ran is emitted at the first tick")
    func lateCommandEmittedAtOnce() async throws {
        let postgres = try await Fixtures.prepare()
        let id = try await ScheduledCommands.schedule(Fixtures.reminder(), at: .now.addingTimeInterval(-3_600),
                                                      actor: nil, traceparent: nil, on: postgres)
        let task = Fixtures.start(try Fixtures.scheduler(postgres, lockKey: Fixtures.uniqueLockKey()))
        #expect(try await Fixtures.eventually(within: .seconds(2)) { try await Fixtures.outboxCount(id, on: postgres) == 1 })
        await Fixtures.stop(task)
        await postgres.close()
    }

    @Test("a cancelled command is never emitted; cancelling twice or after emission reports false")
    func cancelPreventsEmission() async throws {
        let postgres = try await Fixtures.prepare()
        // Schedulers of concurrently running tests emit any due command, and a clean-clone CI
        // run once stalled for longer than the command's two seconds between scheduling and
        // cancelling. Scheduling and cancelling in one transaction means no scheduler ever sees
        // the command pending, whatever the load; it is due later than `kept`, so the scheduler
        // below runs past its time.
        let cancelledAt = Date.now.addingTimeInterval(2)
        let (cancelled, cancelledOnce) = try await postgres.withTransaction { connection in
            let id = try await ScheduledCommands.schedule(Fixtures.reminder(), at: cancelledAt, actor: nil, traceparent: nil, on: connection)
            return (id, try await ScheduledCommands.cancel(id: id, on: connection))
        }
        let kept = try await ScheduledCommands.schedule(Fixtures.reminder(), at: .now.addingTimeInterval(0.3),
                                                        actor: nil, traceparent: nil, on: postgres)
        #expect(cancelledOnce)
        #expect(try await !ScheduledCommands.cancel(id: cancelled, on: postgres))
        #expect(try await !ScheduledCommands.cancel(id: UUID(), on: postgres))
        let task = Fixtures.start(try Fixtures.scheduler(postgres, lockKey: Fixtures.uniqueLockKey()))
        #expect(try await Fixtures.eventually { try await Fixtures.outboxCount(kept, on: postgres) == 1 })
        try await Task.sleep(for: .milliseconds(Int64(max(0, cancelledAt.timeIntervalSinceNow) * 1_000) + 500))
        #expect(try await Fixtures.outboxCount(cancelled, on: postgres) == 0)
        #expect(try await ScheduledCommands.status(id: cancelled, on: postgres) == .cancelled)
        #expect(try await !ScheduledCommands.cancel(id: kept, on: postgres))
        #expect(try await ScheduledCommands.status(id: kept, on: postgres) == .emitted)
        await Fixtures.stop(task)
        await postgres.close()
    }

    @Test("a command scheduled in a rolled-back transaction does not exist")
    func rolledBackScheduleLeavesNothing() async throws {
        struct Abort: Error {}
        let postgres = try await Fixtures.prepare()
        var id: UUID?
        await #expect(throws: Abort.self) {
            try await postgres.withTransaction { connection in
                id = try await ScheduledCommands.schedule(Fixtures.reminder(), at: .now, actor: nil, traceparent: nil, on: connection)
                throw Abort()
            }
        }
        #expect(try await ScheduledCommands.status(id: #require(id), on: postgres) == nil)
        await postgres.close()
    }

    @Test("two schedulers emitting at the same time still emit every due command exactly once")
    func concurrentEmittersNoDuplicates() async throws {
        let postgres = try await Fixtures.prepare()
        let due = Date.now.addingTimeInterval(0.5)
        var ids: [UUID] = []
        try await postgres.withTransaction { connection in
            for index in 0..<300 {
                ids.append(try await ScheduledCommands.schedule(Fixtures.reminder(), at: due.addingTimeInterval(Double(index % 10) / 100),
                                                                actor: nil, traceparent: nil, on: connection))
            }
        }
        // Different lock keys: both lead at once, as during a hand-over, so only the row claims
        // stand between them and a duplicate. Small batches make them interleave.
        let first = try Fixtures.scheduler(try Fixtures.client(applicationName: "sched-race-a"), lockKey: Fixtures.uniqueLockKey(), batchSize: 7)
        let second = try Fixtures.scheduler(try Fixtures.client(applicationName: "sched-race-b"), lockKey: Fixtures.uniqueLockKey(), batchSize: 7)
        let tasks = [Fixtures.start(first), Fixtures.start(second)]
        #expect(try await Fixtures.eventually { first.isLeader && second.isLeader })
        #expect(try await Fixtures.eventually(within: .seconds(8)) {
            try await Fixtures.outboxCounts(ids, on: postgres).count == ids.count
        })
        let counts = try await Fixtures.outboxCounts(ids, on: postgres)
        #expect(counts.values.allSatisfy { $0 == 1 })
        for task in tasks { await Fixtures.stop(task) }
        await postgres.close()
    }

    @Test("with one lock key, exactly one scheduler leads; a graceful stop hands leadership over at once")
    func oneLeaderAndGracefulHandOver() async throws {
        let postgres = try await Fixtures.prepare()
        let key = Fixtures.uniqueLockKey()
        let first = try Fixtures.scheduler(try Fixtures.client(applicationName: "sched-calm-a"), lockKey: key)
        let second = try Fixtures.scheduler(try Fixtures.client(applicationName: "sched-calm-b"), lockKey: key)
        let firstTask = Fixtures.start(first)
        #expect(try await Fixtures.eventually { first.isLeader })
        let secondTask = Fixtures.start(second)
        for _ in 0..<10 {
            try await Task.sleep(for: .milliseconds(50))
            #expect(first.isLeader != second.isLeader)
        }
        #expect(try await Fixtures.leaderName(lockKey: key, on: postgres) == "sched-calm-a")
        let started = ContinuousClock.now
        await Fixtures.stop(firstTask)
        #expect(try await Fixtures.eventually(within: .seconds(5)) { second.isLeader })
        #expect(ContinuousClock.now - started < .seconds(4), "a graceful stop hands over well before the 2 s leadership retry cycle repeats")
        #expect(try await Fixtures.leaderName(lockKey: key, on: postgres) == "sched-calm-b")
        await Fixtures.stop(secondTask)
        #expect(try await Fixtures.eventually { try await CommandScheduler.leaderBackendPID(lockKey: key, on: postgres) == nil })
        await postgres.close()
    }

    @Test("a leader whose session ended notices at its next tick, takes the lock again on a new session, and keeps emitting")
    func leaderNoticesLostSession() async throws {
        let postgres = try await Fixtures.prepare()
        let key = Fixtures.uniqueLockKey()
        let scheduler = try Fixtures.scheduler(try Fixtures.client(applicationName: "sched-reconnect"), lockKey: key)
        let task = Fixtures.start(scheduler)
        #expect(try await Fixtures.eventually { scheduler.isLeader })
        #expect(scheduler.problem(stalledAfter: .seconds(5)) == nil)
        let pid = try #require(try await CommandScheduler.leaderBackendPID(lockKey: key, on: postgres))
        // The pool reopens the idle connection silently; the scheduler must not trust it to hold the lock.
        try await postgres.execute("SELECT pg_terminate_backend(\(pid)::integer)")
        #expect(try await Fixtures.eventually {
            let holder = try await CommandScheduler.leaderBackendPID(lockKey: key, on: postgres)
            return holder != nil && holder != pid && scheduler.isLeader
        })
        let id = try await ScheduledCommands.schedule(Fixtures.reminder(), at: .now, actor: nil, traceparent: nil, on: postgres)
        #expect(try await Fixtures.eventually { try await Fixtures.outboxCount(id, on: postgres) == 1 })
        await Fixtures.stop(task)
        await postgres.close()
    }

    @Test("killing the leader's session moves leadership to the other process, which emits what is due, once")
    func killedLeaderMovesLeadership() async throws {
        let postgres = try await Fixtures.prepare()
        let key = Fixtures.uniqueLockKey()
        let first = try Fixtures.scheduler(try Fixtures.client(applicationName: "sched-kill-a"), lockKey: key)
        let second = try Fixtures.scheduler(try Fixtures.client(applicationName: "sched-kill-b"), lockKey: key)
        let firstTask = Fixtures.start(first)
        #expect(try await Fixtures.eventually { first.isLeader })
        let secondTask = Fixtures.start(second)
        try await Task.sleep(for: .milliseconds(300))
        #expect(!second.isLeader)

        let beforeKill = try await ScheduledCommands.schedule(Fixtures.reminder(), at: .now, actor: nil, traceparent: nil, on: postgres)
        #expect(try await Fixtures.eventually { try await Fixtures.outboxCount(beforeKill, on: postgres) == 1 })
        let afterKill = try await ScheduledCommands.schedule(Fixtures.reminder(), at: .now.addingTimeInterval(1),
                                                             actor: nil, traceparent: nil, on: postgres)

        // The leader "dies": its session is terminated and the process does nothing more. Its
        // task is cancelled at once so it cannot win the lock back; its release attempt then runs
        // on a fresh session that holds nothing, so only the termination frees the lock.
        let pid = try #require(try await CommandScheduler.leaderBackendPID(lockKey: key, on: postgres))
        #expect(try await Fixtures.leaderName(lockKey: key, on: postgres) == "sched-kill-a")
        let killedAt = ContinuousClock.now
        try await postgres.execute("SELECT pg_terminate_backend(\(pid)::integer)")
        firstTask.cancel()

        #expect(try await Fixtures.eventually(within: .seconds(3)) { second.isLeader })
        #expect(ContinuousClock.now - killedAt < .seconds(3))
        #expect(try await Fixtures.leaderName(lockKey: key, on: postgres) == "sched-kill-b")
        _ = await firstTask.result
        #expect(!first.isLeader)
        #expect(try await Fixtures.eventually { try await Fixtures.outboxCount(afterKill, on: postgres) == 1 })
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await Fixtures.outboxCounts([beforeKill, afterKill], on: postgres) == [beforeKill: 1, afterKill: 1])
        await Fixtures.stop(secondTask)
        await postgres.close()
    }
}
