import Synchronization

/// A one-shot result bridging a dedicated thread back to an awaiting task.
///
/// `resume` may be called any number of times from any thread (worker, cancellation handler,
/// client close); only the first one counts, so the continuation is resumed exactly once.
final class PendingResult<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, any Error>?
        var early: Result<Value, any Error>?
        var isDecided = false
    }

    private let state = Mutex(State())

    /// Whether a result was already delivered (or decided before the continuation was installed).
    var isDecided: Bool {
        state.withLock { $0.isDecided }
    }

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

    /// Delivers `result` unless one was already delivered.
    func resume(with result: Result<Value, any Error>) {
        let continuation: CheckedContinuation<Value, any Error>? = state.withLock { state in
            guard !state.isDecided else { return nil }
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
