import Foundation

/// One unit of work for a pool worker thread.
struct PoolWork: Sendable {
    /// Runs on the worker thread with the connection it owns; must deliver the result itself.
    let run: @Sendable (HiredisConnection) -> Void
    /// Delivers a failure without running (no connection, or the pool closed).
    let fail: @Sendable (RedisError) -> Void
    /// Called by the worker just before running; false when the waiting task gave up
    /// (cancelled) so the work must be skipped.
    let begin: @Sendable () -> Bool
}

/// FIFO of `PoolWork` shared by the pool's worker threads, which block in `next()`.
///
/// Callers waiting for a free connection are exactly the entries of this queue, served in
/// arrival order by whichever worker frees up first.
final class JobQueue: @unchecked Sendable {  // every stored var is only touched with `condition` locked
    enum EnqueueOutcome {
        /// Accepted; when `startWorker` is true the caller must start one more worker thread.
        case queued(startWorker: Bool)
        case closed
    }

    private let condition = NSCondition()
    private var items: [PoolWork] = []
    private var head = 0
    private var isClosed = false
    private var idleWorkers = 0
    private var workerCount = 0
    private let maximumWorkers: Int

    init(maximumWorkers: Int) {
        self.maximumWorkers = max(1, maximumWorkers)
    }

    func enqueue(_ work: PoolWork) -> EnqueueOutcome {
        condition.lock()
        defer { condition.unlock() }
        guard !isClosed else { return .closed }
        items.append(work)
        // Workers start lazily, only when the work waiting outnumbers the idle workers.
        let startWorker = items.count - head > idleWorkers && workerCount < maximumWorkers
        if startWorker {
            workerCount += 1
        }
        condition.signal()
        return .queued(startWorker: startWorker)
    }

    /// Blocks the calling worker thread until work arrives; nil once the queue is closed.
    func next() -> PoolWork? {
        condition.lock()
        defer { condition.unlock() }
        while head == items.count && !isClosed {
            idleWorkers += 1
            condition.wait()
            idleWorkers -= 1
        }
        guard head < items.count else {
            workerCount -= 1
            return nil
        }
        let work = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return work
    }

    /// Refuses new work, wakes every worker so it exits, and returns the work never started.
    func close() -> [PoolWork] {
        condition.lock()
        defer { condition.unlock() }
        isClosed = true
        let pending = Array(items[head...])
        items.removeAll()
        head = 0
        condition.broadcast()
        return pending
    }
}
