import Synchronization

/// GCRA in this process's memory: the fallback when Redis is unreachable, with the same
/// policies and the same multi-check semantics (`GCRA.evaluate`), so limits never lapse.
///
/// Quotas are per process: with N ingress processes a client may get up to N times its limit
/// while Redis is down. Memory is bounded by `maximumKeys`.
public final class InMemoryRateLimiter: Sendable {
    /// The most keys held at once.
    public let maximumKeys: Int
    private let now: @Sendable () -> Int64
    private let tats = Mutex<[String: Int64]>([:])

    /// Creates an empty limiter.
    /// - Parameters:
    ///   - maximumKeys: bound on remembered subjects; when reached, expired keys are swept and,
    ///     if that is not enough, the keys nearest to a full quota are forgotten (see `admit`).
    ///   - now: the clock in microseconds; tests inject one. Defaults to a monotonic clock, so
    ///     wall-clock jumps neither free nor freeze quotas.
    public init(maximumKeys: Int = 100_000, now: (@Sendable () -> Int64)? = nil) {
        self.maximumKeys = max(1, maximumKeys)
        if let now {
            self.now = now
        } else {
            let origin = ContinuousClock.now
            self.now = { GCRA.microseconds(of: ContinuousClock.now - origin) }
        }
    }

    /// Checks every policy for one request; quota is taken from all of them or from none.
    /// The result's `degraded` is false: `RateLimiter` marks it when this is a fallback.
    public func check(_ checks: [RateLimitCheck]) -> RateLimitResult {
        guard !checks.isEmpty else { return RateLimitResult(decisions: [], degraded: false) }
        let keys = checks.map { RateLimitKeys.key(for: $0, prefix: "rl") }
        let gcras = checks.map { GCRA(policy: $0.policy) }
        let outcomes = tats.withLock { tats in
            let time = now()
            let evaluation = GCRA.evaluate(zip(gcras, keys).map { ($0, tats[$1]) }, now: time)
            for (key, outcome) in zip(keys, evaluation.outcomes) {
                if let tat = outcome.tatToStore {
                    admit(key, tat: tat, now: time, into: &tats)
                }
            }
            return evaluation.outcomes
        }
        return RateLimitResult(
            decisions: zip(checks, outcomes).map { RateLimitDecision(policy: $0.policy, outcome: $1) },
            degraded: false)
    }

    /// The number of keys currently held (expired ones included until the next sweep).
    public var keyCount: Int {
        tats.withLock(\.count)
    }

    /// Stores `tat` under `key`, making room first when the table is full.
    ///
    /// Room is made in one go down to 90 % of the bound, so the O(n) sweep runs at most once per
    /// `maximumKeys / 10` new keys. Expired keys go first (forgetting them changes nothing); then
    /// the keys with the smallest TAT, whose quota is nearest to full, so a flood of new subjects
    /// hands back as little quota as possible to the subjects it pushes out.
    private func admit(_ key: String, tat: Int64, now: Int64, into tats: inout [String: Int64]) {
        if tats[key] == nil, tats.count >= maximumKeys {
            tats = tats.filter { $0.value > now }
            let target = maximumKeys - max(maximumKeys / 10, 1)
            if tats.count > target {
                let victims = tats.sorted { $0.value < $1.value }.prefix(tats.count - target)
                for victim in victims {
                    tats[victim.key] = nil
                }
            }
        }
        tats[key] = tat
    }
}
