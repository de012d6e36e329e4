import Foundation

/// A Foundation thread that runs submitted jobs in order, and between jobs an optional `idle`
/// step (a librdkafka poll with a short timeout). Blocking librdkafka calls run here, never on
/// Swift's cooperative pool.
///
/// The thread retains this object until `stop` has run the last job, so whoever created it must
/// eventually call `stop` (the clients do it on close and in `deinit`).
final class DedicatedThread: @unchecked Sendable {
    // @unchecked: `jobs` and `accepting` are only touched while `condition` is locked.
    typealias Job = @Sendable () -> Void

    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var accepting = true
    private let idle: (@Sendable () -> Void)?
    private let wake: (@Sendable () -> Void)?

    /// - Parameters:
    ///   - idle: runs whenever no job is queued; must return within ~100 ms.
    ///   - wake: makes a running `idle` step return early (e.g. `rd_kafka_queue_yield`).
    init(name: String, idle: (@Sendable () -> Void)? = nil, wake: (@Sendable () -> Void)? = nil) {
        self.idle = idle
        self.wake = wake
        let thread = Thread { [self] in self.run() }
        thread.name = name
        thread.start()
    }

    /// Queues `job`; returns `false` (and drops it) once `stop` was called.
    @discardableResult
    func submit(_ job: @escaping Job) -> Bool {
        condition.lock()
        guard accepting else {
            condition.unlock()
            return false
        }
        jobs.append(job)
        condition.signal()
        condition.unlock()
        wake?()
        return true
    }

    /// Queues `last` as the final job and lets the thread exit after it; `false` if already stopped.
    @discardableResult
    func stop(after last: @escaping Job) -> Bool {
        condition.lock()
        guard accepting else {
            condition.unlock()
            return false
        }
        jobs.append(last)
        accepting = false
        condition.signal()
        condition.unlock()
        wake?()
        return true
    }

    /// Runs `body` on the thread and returns its result; throws `closed` if the thread stopped.
    func run<T: Sendable>(_ operation: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let accepted = submit {
                continuation.resume(with: Result { try body() })
            }
            if !accepted {
                continuation.resume(throwing: KafkaError.closed(operation))
            }
        }
    }

    private func run() {
        while true {
            condition.lock()
            if jobs.isEmpty && accepting && idle == nil {
                condition.wait()
            }
            let batch = jobs
            jobs.removeAll(keepingCapacity: true)
            let finished = !accepting && batch.isEmpty
            condition.unlock()

            if finished { return }
            if batch.isEmpty {
                idle?()
            } else {
                for job in batch { job() }
            }
        }
    }
}
