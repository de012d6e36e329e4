import Dispatch
import Logging
import Synchronization

/// Hands slots out to one task at a time: the most recently released idle slot first (so a quiet
/// service keeps few connections open), and waiters in FIFO order when all slots are leased.
final class ConnectionPool: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<ConnectionSlot, Error>
    }

    private struct State {
        var free: [ConnectionSlot]
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        var closed = false
    }

    private let slots: [ConnectionSlot]
    private let state: Mutex<State>

    init(configuration: PostgresConfiguration, logger: Logger) {
        let slots = (0..<max(1, configuration.poolSize)).map {
            ConnectionSlot(id: $0, configuration: configuration, logger: logger)
        }
        self.slots = slots
        // Reversed so that `popLast` hands out slot 0 first.
        self.state = Mutex(State(free: slots.reversed()))
    }

    /// Waits for a free slot.
    /// - Throws: `.closed` after `close()`, `CancellationError` if the task is cancelled while waiting.
    func lease() async throws -> ConnectionSlot {
        let waiterID = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let slot = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ConnectionSlot, Error>) in
                let immediate: Result<ConnectionSlot, Error>? = state.withLock { state in
                    if state.closed { return .failure(PostgresError(code: .closed, detail: "client is closed")) }
                    if let slot = state.free.popLast() { return .success(slot) }
                    // Checked under the lock: the cancellation handler either already ran (and the
                    // flag is visible here) or will run later and find this waiter to remove.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters.append(Waiter(id: waiterID, continuation: continuation))
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == waiterID }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
        slot.beginLease()
        return slot
    }

    /// Returns a slot: to the longest waiter if any, else to the free list.
    func release(_ slot: ConnectionSlot) {
        if !slot.isIdle { slot.resetTransaction() }
        let waiter = state.withLock { state -> Waiter? in
            if !state.waiters.isEmpty { return state.waiters.removeFirst() }
            state.free.append(slot)
            return nil
        }
        waiter?.continuation.resume(returning: slot)
    }

    /// `close()`, then waits (at most `timeout`) until every connection is finished. A process
    /// that exits right after must not run its exit handlers (OpenSSL's cleanup among them) while
    /// a slot thread is still inside `PQfinish`: a CLI command once aborted on a double free there.
    func closeAndWait(timeout: Duration) async {
        let finished = DispatchGroup()
        for _ in slots { finished.enter() }
        close { finished.leave() }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            // Waited on a dispatch thread: the cooperative pool is never blocked.
            DispatchQueue.global().async {
                _ = finished.wait(timeout: .now() + .milliseconds(Int(timeout.components.seconds) * 1_000))
                continuation.resume()
            }
        }
    }

    /// Fails every waiter, then closes each connection once its queued work is done.
    func close(onEachClosed: @escaping @Sendable () -> Void = {}) {
        let waiters = state.withLock { state -> [Waiter] in
            state.closed = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters {
            waiter.continuation.resume(throwing: PostgresError(code: .closed, detail: "client is closed"))
        }
        slots.forEach { $0.shutdown(onClosed: onEachClosed) }
    }
}
