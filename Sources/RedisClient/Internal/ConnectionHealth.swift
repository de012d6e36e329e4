import Logging
import Synchronization

/// Reconnect bookkeeping shared by a client's connections.
///
/// While the server is unreachable, reconnects are spaced by `ReconnectBackoff` and work in
/// between fails at once with a retryable `.connection` error instead of waiting on a connect.
final class ConnectionHealth: Sendable {
    private struct State {
        var consecutiveFailures = 0
        var retryAt: ContinuousClock.Instant?
    }

    private let target: String
    private let logger: Logger
    private let state = Mutex(State())
    private let backoff = ReconnectBackoff()

    init(target: String, logger: Logger) {
        self.target = target
        self.logger = logger
    }

    /// Throws while the backoff after the last failed connect is running.
    func checkCanConnect() throws(RedisError) {
        if let retryAt = state.withLock({ $0.retryAt }), ContinuousClock.now < retryAt {
            throw RedisError(code: .connection, message: "redis at \(target) is unavailable (waiting to reconnect)")
        }
    }

    /// Records a successful connect, logging the recovery after failures.
    func connected() {
        let recovered = state.withLock { state in
            defer { state = State() }
            return state.consecutiveFailures > 0
        }
        if recovered {
            logger.info("redis connection restored")
        }
    }

    /// Records a failed connect and starts the next backoff period.
    func connectFailed(_ error: RedisError) {
        let failures = state.withLock { state in
            state.consecutiveFailures += 1
            state.retryAt = .now + backoff.delay(afterFailures: state.consecutiveFailures)
            return state.consecutiveFailures
        }
        if failures == 1 {
            logger.warning("redis unavailable", metadata: ["error": "\(error)"])
        } else {
            logger.debug("redis reconnect failed", metadata: ["error": "\(error)", "failures": "\(failures)"])
        }
    }
}
