import Synchronization

/// Makes `close`/`shutdown` idempotent: the first caller starts closing, every caller (including
/// later ones) returns once `finish` ran.
final class CloseLatch: Sendable {
    private enum State {
        case open
        case closing([CheckedContinuation<Void, Never>])
        case closed
    }

    private let state = Mutex(State.open)

    /// Runs `begin` for the first caller only, then waits for `finish`.
    func close(_ begin: () -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let action = state.withLock { state -> Int in
                switch state {
                case .open:
                    state = .closing([continuation])
                    return 0
                case .closing(var waiters):
                    waiters.append(continuation)
                    state = .closing(waiters)
                    return 1
                case .closed:
                    return 2
                }
            }
            switch action {
            case 0: begin()
            case 2: continuation.resume()
            default: break
            }
        }
    }

    /// Marks the start of closing without waiting (for `deinit`); `false` if it had already begun.
    func beginWithoutWaiting() -> Bool {
        state.withLock { state in
            guard case .open = state else { return false }
            state = .closing([])
            return true
        }
    }

    var isOpen: Bool {
        state.withLock { state in
            if case .open = state { return true }
            return false
        }
    }

    func finish() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            defer { state = .closed }
            if case .closing(let waiters) = state { return waiters }
            return []
        }
        for waiter in waiters { waiter.resume() }
    }
}
