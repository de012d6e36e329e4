import Foundation
import Synchronization

/// Liveness of a worker process: which handlers are running and since when. `/health` fails
/// when one has run past the threshold — a hung handler holds its partition forever otherwise.
public final class WorkerHealth: Sendable {
    private struct State {
        var running: [UInt64: ContinuousClock.Instant] = [:]
        var nextToken: UInt64 = 0
    }

    private let state = Mutex(State())
    public let hungThreshold: Duration

    public init(hungThreshold: Duration) {
        self.hungThreshold = hungThreshold
    }

    func handlerStarted() -> UInt64 {
        state.withLock { state in
            state.nextToken += 1
            state.running[state.nextToken] = .now
            return state.nextToken
        }
    }

    func handlerFinished(_ token: UInt64) {
        state.withLock { _ = $0.running.removeValue(forKey: token) }
    }

    /// Nil when healthy, otherwise why not (safe to show).
    public func problem(now: ContinuousClock.Instant = .now) -> String? {
        let oldest = state.withLock { $0.running.values.min() }
        guard let oldest, now - oldest > hungThreshold else { return nil }
        return "a handler has been running for more than \(hungThreshold)"
    }

    public var handlersRunning: Int { state.withLock { $0.running.count } }
}
