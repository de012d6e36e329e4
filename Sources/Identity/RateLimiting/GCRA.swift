/// The generic cell rate algorithm, as pure integer arithmetic on microseconds.
///
/// For a policy of `limit` requests per `period` with `burst`: the emission interval is
/// T = period / limit and the tolerance τ = T × (burst − 1). Each key stores one number, its
/// theoretical arrival time (TAT). A request at `now` is allowed iff TAT − τ ≤ now; an allowed
/// request moves TAT to max(TAT, now) + T. A missing TAT behaves as TAT = now (full quota).
///
/// `GCRAScript` runs the same formulas inside Redis and `InMemoryRateLimiter` runs this type, so
/// both paths agree to the microsecond. Keep the two in step when changing either.
public struct GCRA: Sendable, Hashable {
    /// T, in microseconds (at least 1).
    public let emissionInterval: Int64
    /// τ, in microseconds (0 when burst is 1).
    public let tolerance: Int64
    /// The largest number of requests the quota can hold (burst).
    public var capacity: Int { Int(tolerance / emissionInterval) + 1 }

    /// Bound on T and τ (about three years): keeps every sum of them with a current Unix time in
    /// microseconds below 2^53, where Lua's doubles stop being exact integers.
    static let maximumSpan: Int64 = 100_000_000_000_000

    /// The parameters of `policy`.
    public init(policy: RateLimitPolicy) {
        let interval = min(max(Self.microseconds(of: policy.period) / Int64(policy.limit), 1), Self.maximumSpan)
        let (product, overflow) = interval.multipliedReportingOverflow(by: Int64(policy.burst - 1))
        self.init(emissionInterval: interval, tolerance: overflow ? Self.maximumSpan : product)
    }

    /// Explicit parameters (clamped to 1...`maximumSpan` and 0...`maximumSpan`).
    public init(emissionInterval: Int64, tolerance: Int64) {
        self.emissionInterval = min(max(emissionInterval, 1), Self.maximumSpan)
        self.tolerance = min(max(tolerance, 0), Self.maximumSpan)
    }

    /// One key's verdict, before the caller decides whether to commit it.
    public struct Step: Sendable, Hashable {
        /// Whether this key alone would admit the request.
        public let allowed: Bool
        /// The effective TAT now: max(stored TAT, now).
        public let tat: Int64
        /// The TAT to store if the request is admitted (equal to `tat` when not allowed).
        public let nextTAT: Int64
    }

    /// Applies the GCRA test to one key.
    /// - Parameters:
    ///   - storedTAT: the key's TAT in microseconds, or nil when the key is absent or expired.
    ///   - now: the current time in microseconds, from the same clock as `storedTAT`.
    public func step(storedTAT: Int64?, now: Int64) -> Step {
        let tat = max(storedTAT ?? now, now)
        let allowed = tat - tolerance <= now
        return Step(allowed: allowed, tat: tat, nextTAT: allowed ? tat + emissionInterval : tat)
    }

    /// Requests admissible right now when the key holds `tat`.
    public func remaining(tat: Int64, now: Int64) -> Int {
        let slack = now + tolerance - tat
        guard slack >= 0 else { return 0 }
        return min(Int(slack / emissionInterval) + 1, capacity)
    }

    /// Microseconds until the quota is full again (the key may then be forgotten).
    public func resetAfter(tat: Int64, now: Int64) -> Int64 {
        max(tat - now, 0)
    }

    /// Microseconds until a request would be admitted; 0 when one would be now.
    public func retryAfter(tat: Int64, now: Int64) -> Int64 {
        max(tat - tolerance - now, 0)
    }

    /// Microseconds in `duration`, rounded down.
    public static func microseconds(of duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
        return overflow ? (seconds < 0 ? Int64.min : Int64.max) : whole + attoseconds / 1_000_000_000_000
    }
}

extension GCRA {
    /// The verdict for one key of a multi-key check.
    public struct Outcome: Sendable, Hashable {
        /// Whether this key alone would admit the request.
        public let allowed: Bool
        /// Requests admissible right after this check.
        public let remaining: Int
        /// Microseconds until this key's quota is full.
        public let resetAfter: Int64
        /// Microseconds until this key admits a request; 0 when it does now.
        public let retryAfter: Int64
        /// The TAT the key must hold afterwards, or nil when it must not be written.
        public let tatToStore: Int64?
    }

    /// Checks several keys as one request: it is admitted only if every key admits it, and only
    /// then is quota taken from every key. A denied request takes quota from none, so a client
    /// locked out by one limit (say, per IP) does not also drain another (say, per email).
    ///
    /// Repeating a key consumes it once: every step reads the state from before the request.
    /// - Returns: whether the request is admitted, and one outcome per key in order.
    public static func evaluate(
        _ keys: [(gcra: GCRA, storedTAT: Int64?)], now: Int64
    ) -> (allowed: Bool, outcomes: [Outcome]) {
        let steps = keys.map { $0.gcra.step(storedTAT: $0.storedTAT, now: now) }
        let admitted = steps.allSatisfy(\.allowed)
        let outcomes = zip(keys, steps).map { key, step in
            let tat = admitted ? step.nextTAT : step.tat
            return Outcome(
                allowed: step.allowed,
                remaining: key.gcra.remaining(tat: tat, now: now),
                resetAfter: key.gcra.resetAfter(tat: tat, now: now),
                retryAfter: step.allowed ? 0 : key.gcra.retryAfter(tat: step.tat, now: now),
                tatToStore: admitted ? tat : nil)
        }
        return (admitted, outcomes)
    }
}
