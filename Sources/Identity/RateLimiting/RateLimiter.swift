import Logging
import RedisClient
import Synchronization

/// Request rate limiting shared by every process through Redis, with a per-process fallback.
///
/// Each call is one Redis round trip: one `EVALSHA` of the GCRA script for all the checks, plus
/// any commands the caller adds (the ingress adds its token denylist lookup). Calls never throw:
///
/// * Redis unreachable or too slow: the `InMemoryRateLimiter` decides with the same policies and
///   the result is marked `degraded`; extra replies are nil so the caller can fail closed.
/// * Then, for `redisRetryInterval`, calls skip Redis entirely (no connect or timeout per
///   request); after it, a single call probes Redis and either restores the Redis path or
///   starts a new interval. Recovery needs no restart.
/// * Redis answers but the script fails (a bug, a full memory): that call falls back too, and the
///   next one tries Redis again, since the server itself is up (and the extra replies, which
///   did run, are returned). Passing states (`LOADING`, `BUSY`, `READONLY`…) count as down.
///
/// Logs name policies and errors, never subjects; they are written when Redis goes away or
/// comes back, and at most every 10 s for a failing script, never per request.
public final class RateLimiter: Sendable {
    private let redis: RedisRateLimiter
    private let fallback: InMemoryRateLimiter
    private let redisRetryInterval: Duration
    private let logger: Logger
    /// When the Redis path was last found down, the earliest time to probe it again; nil while
    /// Redis is in use.
    private let nextProbe = Mutex<ContinuousClock.Instant?>(nil)
    /// When a failing script was last logged: such a failure repeats on every request, and one
    /// line per `scriptErrorLogInterval` says as much.
    private let lastScriptErrorLog = Mutex<ContinuousClock.Instant?>(nil)
    private static let scriptErrorLogInterval: Duration = .seconds(10)

    /// Creates a limiter; nothing is sent to Redis until the first check.
    /// - Parameters:
    ///   - redis: the shared client; its `commandTimeout` bounds how long a request waits when
    ///     Redis stops answering.
    ///   - keyPrefix: first segment of every key (`<prefix>:<policy>:<subject digest>`).
    ///   - fallback: decides while Redis is down.
    ///   - redisRetryInterval: how long to keep off Redis after a failure.
    ///   - logger: receives Redis down/up transitions.
    public init(
        redis: RedisClient,
        keyPrefix: String = "rl",
        fallback: InMemoryRateLimiter = InMemoryRateLimiter(),
        redisRetryInterval: Duration = .seconds(1),
        logger: Logger
    ) {
        self.redis = RedisRateLimiter(redis: redis, keyPrefix: keyPrefix)
        self.fallback = fallback
        self.redisRetryInterval = redisRetryInterval
        self.logger = logger
    }

    /// False while calls are decided in memory because Redis was found unreachable.
    public var isUsingRedis: Bool {
        nextProbe.withLock { $0 == nil }
    }

    /// Loads the script into Redis ahead of the first request (optional: a missing script is
    /// loaded on demand).
    /// - Throws: `RedisError` when Redis is unreachable or refuses the script.
    public func loadScript() async throws {
        try await redis.loadScript()
    }

    /// Checks every policy for one request; quota is taken from all of them or, when any
    /// denies the request, from none.
    public func check(_ checks: [RateLimitCheck]) async -> RateLimitResult {
        await check(checks, alsoRun: []).result
    }

    /// Checks every policy and runs `extra` commands in the same Redis round trip.
    ///
    /// - Parameter extra: commands pipelined after the rate-limit script, such as
    ///   `["EXISTS", "denylist:<jti>"]`. They run even when the request is rate limited.
    /// - Returns: the verdict, and one reply per extra command in order (an error reply comes
    ///   back in place as `.error`). The replies are nil when Redis could not be reached: treat
    ///   that as "unknown" and fail closed.
    public func check(
        _ checks: [RateLimitCheck], alsoRun extra: [[RedisArgument]]
    ) async -> (result: RateLimitResult, extraReplies: [RedisValue]?) {
        // Nothing to send must not pass for a successful probe of Redis.
        guard !checks.isEmpty || !extra.isEmpty else {
            return (RateLimitResult(decisions: [], degraded: false), [])
        }
        guard claimRedisAttempt() else {
            return (degraded(checks), nil)
        }
        let reply = await redis.check(checks, alsoRun: extra)
        switch reply.result {
        case .success(let result):
            markRedisUp()
            return (result, reply.extraReplies)
        case .failure(let error):
            if Self.isOutage(error) {
                markRedisDown(error, policies: checks)
            } else if !(error is CancellationError) {
                if reply.extraReplies != nil { markRedisUp() }
                logScriptFailure(error, policies: checks)
            }
            return (degraded(checks), reply.extraReplies)
        }
    }

    private func degraded(_ checks: [RateLimitCheck]) -> RateLimitResult {
        RateLimitResult(decisions: fallback.check(checks).decisions, degraded: true)
    }

    /// True when Redis is in use, or when this call is the one probe allowed after the interval;
    /// the claim pushes the next probe out, so concurrent calls keep to memory meanwhile.
    private func claimRedisAttempt() -> Bool {
        nextProbe.withLock { nextProbe in
            guard let probeAt = nextProbe else { return true }
            let now = ContinuousClock.now
            guard now >= probeAt else { return false }
            nextProbe = now + redisRetryInterval
            return true
        }
    }

    private func markRedisDown(_ error: any Error, policies checks: [RateLimitCheck]) {
        let wasUp = nextProbe.withLock { nextProbe in
            defer { nextProbe = .now + redisRetryInterval }
            return nextProbe == nil
        }
        if wasUp {
            logger.warning(
                "redis unavailable for rate limiting; deciding in memory per process",
                metadata: ["error": "\(error)", "policies": "\(Self.policyNames(checks))"])
        }
    }

    private func markRedisUp() {
        let wasDown = nextProbe.withLock { nextProbe in
            defer { nextProbe = nil }
            return nextProbe != nil
        }
        if wasDown {
            logger.info("redis available again for rate limiting")
        }
    }

    private func logScriptFailure(_ error: any Error, policies checks: [RateLimitCheck]) {
        let due = lastScriptErrorLog.withLock { last in
            let now = ContinuousClock.now
            guard last.map({ now - $0 >= Self.scriptErrorLogInterval }) ?? true else { return false }
            last = now
            return true
        }
        if due {
            logger.error(
                "rate limit script failed on redis; deciding in memory",
                metadata: ["error": "\(error)", "policies": "\(Self.policyNames(checks))"])
        }
    }

    /// Whether `error` means Redis cannot be used right now (as opposed to a failing script).
    private static func isOutage(_ error: any Error) -> Bool {
        guard let error = error as? RedisError else { return false }
        return error.isRetryable || error.code == .closed || error.code == .protocolError
    }

    private static func policyNames(_ checks: [RateLimitCheck]) -> String {
        checks.map(\.policy.name).joined(separator: ",")
    }
}
