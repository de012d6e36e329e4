/// Decides which librdkafka log lines reach the Logger: at most `limit` per `window`, then one
/// summary of how many were dropped. A broker that is down logs a line per reconnect attempt,
/// which would otherwise flood the logs.
struct LogRateLimiter: Sendable {
    enum Decision: Equatable {
        case log(suppressedBefore: Int)
        case drop
    }

    let limit: Int
    let windowNanoseconds: UInt64
    private var windowStart: UInt64?
    private var admitted = 0
    private var suppressed = 0

    init(limit: Int = 50, windowNanoseconds: UInt64 = 10_000_000_000) {
        self.limit = limit
        self.windowNanoseconds = windowNanoseconds
    }

    /// `now` is a monotonic clock in nanoseconds.
    mutating func decide(now: UInt64) -> Decision {
        if let start = windowStart, now &- start < windowNanoseconds {
            guard admitted < limit else {
                suppressed += 1
                return .drop
            }
            admitted += 1
            return .log(suppressedBefore: 0)
        }
        windowStart = now
        admitted = 1
        let dropped = suppressed
        suppressed = 0
        return .log(suppressedBefore: dropped)
    }
}
