import Foundation
import Synchronization
import Testing

@testable import Identity

@Suite("BlockingThreadPool")
struct BlockingThreadPoolTests {
    @Test func jobsRunOnTheNamedPoolThreadsAndReturnTheirResult() async throws {
        let pool = try BlockingThreadPool(name: "test-pool", threadCount: 2)
        let names = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<4 {
                group.addTask { try await pool.run { Thread.current.name ?? "" } }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(!names.isEmpty)
        #expect(names.isSubset(of: ["test-pool-1", "test-pool-2"]))
    }

    @Test func poolThreadsOnlyUseCPUTimeNoOtherThreadWants() async throws {
        let pool = try BlockingThreadPool(name: "test-pool", threadCount: 1)
        let (policy, niceness) = try await pool.run { (sched_getscheduler(0), getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)) }
        // SCHED_IDLE (5), or nice 19 where a container refuses that class.
        #expect(policy == 5 || niceness == 19)
        // The caller's thread keeps the ordinary class.
        #expect(sched_getscheduler(0) == 0)
    }

    @Test func noMoreThanThreadCountJobsRunAtOnce() async throws {
        let pool = try BlockingThreadPool(name: "test-pool", threadCount: 2)
        let clock = ContinuousClock()
        let elapsed = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await pool.run { Thread.sleep(forTimeInterval: 0.05) } }
                }
                try await group.waitForAll()
            }
        }
        #expect(pool.statistics == .init(completedJobs: 6, peakConcurrency: 2))
        #expect(elapsed >= .milliseconds(145))  // three rounds of two 50 ms jobs
    }

    @Test func errorsThrownByAJobReachTheCaller() async throws {
        let pool = try BlockingThreadPool(name: "test-pool", threadCount: 1)
        await #expect(throws: IdentitySecurityError(.tokenMalformed)) {
            try await pool.run { throw IdentitySecurityError(.tokenMalformed) }
        }
        #expect(try await pool.run { 42 } == 42)
    }

    @Test func queuedJobsFailWhenThePoolShutsDownAndEachCallerIsAnsweredOnce() async throws {
        let pool = try BlockingThreadPool(name: "test-pool", threadCount: 1)
        let started = Mutex(false)
        async let first: Int = pool.run {
            started.withLock { $0 = true }
            Thread.sleep(forTimeInterval: 0.2)
            return 1
        }
        while !started.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
        let queued = Task { () -> [Bool] in
            await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<3 {
                    group.addTask { (try? await pool.run { 2 }) == nil }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        pool.shutDown()
        #expect(try await first == 1)  // the running job finishes
        #expect(await queued.value == [true, true, true])
        await #expect(throws: IdentitySecurityError(.hasherUnavailable)) { try await pool.run { 3 } }
    }
}
