import Synchronization

/// A one-shot result bridging a dedicated thread back to an awaiting task.
///
/// `resume` may be called any number of times from any thread (worker, client close); only the
/// first call counts, so the continuation is resumed exactly once. `cancel` wins only while the
/// work has not begun: a command already on the wire reports its real outcome.
final class PendingResult<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, any Error>?
        var early: Result<Value, any Error>?
        var isDecided = false
        var hasBegun = false
    }

    private let state = Mutex(State())

    /// Attaches the continuation; resumes it at once if the result was decided earlier.
    func install(_ continuation: CheckedContinuation<Value, any Error>) {
        let early: Result<Value, any Error>? = state.withLock { state in
            if let early = state.early {
                state.early = nil
                return early
            }
            state.continuation = continuation
            return nil
        }
        if let early {
            continuation.resume(with: early)
        }
    }

    /// Marks the work as started; false if the waiter already gave up (skip the work).
    func begin() -> Bool {
        state.withLock { state in
            guard !state.isDecided else { return false }
            state.hasBegun = true
            return true
        }
    }

    /// Delivers `error` unless the work has begun or a result was already delivered.
    func cancel(with error: any Error) {
        resume(with: .failure(error), unlessBegun: true)
    }

    /// Delivers `result` unless one was already delivered.
    func resume(with result: Result<Value, any Error>) {
        resume(with: result, unlessBegun: false)
    }

    private func resume(with result: Result<Value, any Error>, unlessBegun: Bool) {
        let continuation: CheckedContinuation<Value, any Error>? = state.withLock { state in
            guard !state.isDecided, !(unlessBegun && state.hasBegun) else { return nil }
            state.isDecided = true
            guard let continuation = state.continuation else {
                state.early = result
                return nil
            }
            state.continuation = nil
            return continuation
        }
        continuation?.resume(with: result)
    }
}
