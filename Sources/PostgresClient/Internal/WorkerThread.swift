import Foundation

/// A dedicated OS thread running submitted jobs one at a time, in order. Blocking libpq calls run
/// here so they never occupy Swift's cooperative pool.
final class WorkerThread: @unchecked Sendable {
    // @unchecked: `jobs`, `head` and `stopping` are only touched while `condition` is locked;
    // `thread` is written once in `init`, before the object is shared.
    typealias Job = @Sendable () -> Void

    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var head = 0
    private var stopping = false
    private var thread: Thread?

    /// Starts the thread. It keeps itself alive until `stop()` and the queue is drained.
    init(name: String) {
        let thread = Thread { [self] in self.runLoop() }
        thread.name = name
        self.thread = thread
        thread.start()
    }

    /// True when called from this worker's own thread.
    var isCurrent: Bool { Thread.current === thread }

    /// Queues `job`; false when the thread is stopping, in which case `job` will never run.
    @discardableResult
    func submit(_ job: @escaping Job) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    /// Lets already queued jobs finish, then ends the thread; later submissions are refused.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func runLoop() {
        while let job = nextJob() {
            job()
        }
    }

    private func nextJob() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count {
            if stopping { return nil }
            condition.wait()
        }
        let job = jobs[head]
        head += 1
        if head == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            head = 0
        }
        return job
    }
}

extension WorkerThread {
    /// Runs `body` on this thread and returns its result to the awaiting task; the continuation is
    /// resumed exactly once, by the job or, if the thread refused the job, right here. A task
    /// already running on this thread (see `WorkerExecutor`) runs `body` in place, without a hop.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        if isCurrent { return try body() }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            let accepted = submit {
                continuation.resume(with: Result { try body() })
            }
            if !accepted {
                continuation.resume(throwing: PostgresError(code: .closed, detail: "client is closed"))
            }
        }
    }
}
