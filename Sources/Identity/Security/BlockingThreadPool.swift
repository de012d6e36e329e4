#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A few dedicated threads for CPU-heavy blocking work (bcrypt), so that a burst of logins
/// occupies these threads only and never Swift's cooperative pool, which serves every request.
///
/// Jobs run in submission order. Each job's continuation is resumed exactly once: by the job on
/// a pool thread, or with ``IdentitySecurityError/Code/hasherUnavailable`` if the pool shuts down
/// first. The threads hold only the shared `Queue`, so dropping the pool shuts them down.
final class BlockingThreadPool: Sendable {
    /// Counters read by tests and, later, metrics.
    struct Statistics: Sendable, Equatable {
        /// Jobs that ran to completion.
        var completedJobs = 0
        /// The most jobs ever running at the same moment.
        var peakConcurrency = 0
    }

    /// The thread name prefix; threads are called `<prefix>-1`, `<prefix>-2`, …
    let name: String
    /// How many threads serve the queue.
    let threadCount: Int
    private let queue: Queue

    /// Starts `threadCount` threads.
    /// - Parameters:
    ///   - name: thread name prefix, visible in debuggers and `top -H`.
    ///   - threadCount: number of threads, at least 1.
    init(name: String, threadCount: Int) throws(IdentitySecurityError) {
        guard threadCount >= 1 else { throw IdentitySecurityError(.invalidConfiguration, hint: "thread count") }
        self.name = name
        self.threadCount = threadCount
        self.queue = Queue()
        for index in 1...threadCount {
            let queue = self.queue
            // Linux refuses thread names longer than 15 bytes.
            let threadName = String(decoding: "\(name)-\(index)".utf8.prefix(15), as: UTF8.self)
            // swift-corelibs-foundation applies `Thread.name` only once `start()` has stored the
            // thread's handle, which races with the thread running; the semaphore orders the two
            // so the name reliably sticks.
            let handleStored = DispatchSemaphore(value: 0)
            let thread = Thread {
                handleStored.wait()
                Thread.current.name = threadName
                Self.yieldToEverythingElse()
                queue.serve()
            }
            thread.start()
            handleStored.signal()
        }
    }

    deinit {
        queue.shutDown()
    }

    /// Puts the calling thread in Linux's `SCHED_IDLE` class: it runs only on CPU time no
    /// ordinary thread wants, and a request thread that wakes up preempts it at once. So a burst
    /// of logins slows logins, not the requests around them. (Nice 10 still let bcrypt hold a
    /// core for its whole time slice: measured, the p99 of `/me` under 20 logins/s rose 24–290 %.)
    /// Falls back to nice 19 where the class is refused. With `pid` 0 both calls apply to the
    /// calling thread only, not the process.
    private static func yieldToEverythingElse() {
        var parameters = sched_param()
        parameters.sched_priority = 0
        // SCHED_IDLE is 5 in <linux/sched.h>; glibc's <sched.h> declares it only under _GNU_SOURCE.
        let scheduleIdle: Int32 = 5
        if sched_setscheduler(0, scheduleIdle, &parameters) != 0 {
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
        }
    }

    /// Runs `work` on a pool thread and returns its result.
    /// - Throws: what `work` throws, or ``IdentitySecurityError`` `.hasherUnavailable` if the
    ///   pool is shut down before the job starts.
    func run<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
        // Cancellation is not forwarded: jobs are short and the caller is waiting for the answer.
        let queue = self.queue
        return try await withCheckedThrowingContinuation { continuation in
            let job = Job(
                run: {
                    let result = Swift.Result { try work() }
                    // Counted before resuming, so a caller that got its answer sees the job counted.
                    queue.jobFinished()
                    continuation.resume(with: result)
                },
                abandon: { continuation.resume(throwing: IdentitySecurityError(.hasherUnavailable)) }
            )
            if !queue.submit(job) {
                job.abandon()
            }
        }
    }

    /// Stops the threads after their current job; queued jobs fail with `.hasherUnavailable`.
    func shutDown() {
        queue.shutDown()
    }

    /// A snapshot of the counters.
    var statistics: Statistics { queue.statistics }
}

extension BlockingThreadPool {
    /// One unit of work and what to do if it will never run. Exactly one of the two closures is
    /// called, which is what makes each continuation resume exactly once.
    fileprivate struct Job: Sendable {
        let run: @Sendable () -> Void
        let abandon: @Sendable () -> Void
    }

    // @unchecked Sendable: every mutable field is read and written only while `condition` is locked.
    fileprivate final class Queue: @unchecked Sendable {
        private let condition = NSCondition()
        private var jobs: [Job] = []
        private var head = 0
        private var isShutDown = false
        private var running = 0
        private var counters = Statistics()

        /// Enqueues a job; false once the pool is shut down.
        func submit(_ job: Job) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            guard !isShutDown else { return false }
            jobs.append(job)
            condition.signal()
            return true
        }

        /// The body of each pool thread: take a job, run it unlocked, repeat until shut down.
        func serve() {
            while let job = next() {
                job.run()
            }
        }

        /// Bookkeeping at the end of every job that ran.
        func jobFinished() {
            condition.lock()
            running -= 1
            counters.completedJobs += 1
            condition.unlock()
        }

        private func next() -> Job? {
            condition.lock()
            defer { condition.unlock() }
            while head == jobs.count && !isShutDown {
                condition.wait()
            }
            guard !isShutDown else { return nil }
            let job = jobs[head]
            head += 1
            // Compact now and then instead of removing from the front on every dequeue.
            if head > 64 && head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            running += 1
            counters.peakConcurrency = max(counters.peakConcurrency, running)
            return job
        }

        func shutDown() {
            condition.lock()
            let abandoned = isShutDown ? [] : Array(jobs[head...])
            isShutDown = true
            jobs = []
            head = 0
            condition.broadcast()
            condition.unlock()
            // Resumed outside the lock: a continuation may run code that submits again.
            for job in abandoned {
                job.abandon()
            }
        }

        var statistics: Statistics {
            condition.lock()
            defer { condition.unlock() }
            return counters
        }
    }
}
