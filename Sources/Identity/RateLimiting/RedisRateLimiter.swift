import RedisClient

/// The Redis half of `RateLimiter`: one `EVALSHA` of `GCRAScript`, pipelined with the caller's
/// own commands, in one round trip. It reports failures as values; `RateLimiter` decides what
/// a failure means (fallback, backoff).
struct RedisRateLimiter: Sendable {
    /// What one round trip produced.
    struct Reply: Sendable {
        /// The verdict, or why Redis could not give one.
        var result: Result<RateLimitResult, any Error>
        /// One reply per extra command, in order; nil when the round trip itself failed.
        var extraReplies: [RedisValue]?
    }

    let redis: RedisClient
    let keyPrefix: String

    /// Sends `SCRIPT LOAD`, so the first request does not pay for a `NOSCRIPT` retry.
    func loadScript() async throws {
        let reply = try await redis.send(["SCRIPT", "LOAD", .string(GCRAScript.script.source)])
        guard reply.string == GCRAScript.script.sha1 else {
            throw RedisError(code: .protocolError, message: "SCRIPT LOAD returned an unexpected digest")
        }
    }

    /// Runs the checks and `extra` in one pipeline; the script goes first.
    func check(_ checks: [RateLimitCheck], alsoRun extra: [[RedisArgument]]) async -> Reply {
        guard !checks.isEmpty else {
            do {
                let replies = try await redis.pipeline(extra)
                return Reply(result: .success(RateLimitResult(decisions: [], degraded: false)), extraReplies: replies)
            } catch {
                return Reply(result: .failure(error), extraReplies: nil)
            }
        }
        let keys = checks.map { RateLimitKeys.key(for: $0, prefix: keyPrefix) }
        let arguments = checks.flatMap { check -> [RedisArgument] in
            let gcra = GCRA(policy: check.policy)
            return [.int(gcra.emissionInterval), .int(gcra.tolerance)]
        }
        let script = GCRAScript.script
        let evalsha: [RedisArgument] =
            ["EVALSHA", .string(script.sha1), .int(keys.count)] + keys.map(RedisArgument.string) + arguments

        let replies: [RedisValue]
        do {
            replies = try await redis.pipeline([evalsha] + extra)
        } catch {
            return Reply(result: .failure(error), extraReplies: nil)
        }
        guard let first = replies.first, replies.count == extra.count + 1 else {
            let error = RedisError(code: .protocolError, message: "pipeline returned the wrong number of replies")
            return Reply(result: .failure(error), extraReplies: nil)
        }
        let extraReplies = Array(replies.dropFirst())

        var scriptReply = first
        if let message = first.errorMessage, message.hasPrefix("NOSCRIPT") {
            // The script cache is empty (restart, SCRIPT FLUSH, failover). Only the EVALSHA is
            // repeated: it did not run, while the extra commands did and must not run twice.
            do {
                scriptReply = try await redis.evaluate(script, keys: keys, arguments: arguments)
            } catch {
                return Reply(result: .failure(error), extraReplies: extraReplies)
            }
        }
        return Reply(result: Self.decode(scriptReply, checks: checks), extraReplies: extraReplies)
    }

    /// Error replies that describe a passing server state rather than a faulty script; the same
    /// list `RedisError` uses for the replies it wraps itself.
    static let transientServerPrefixes: Set<String> = [
        "LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "CLUSTERDOWN", "READONLY",
    ]

    /// Turns the script's flat integer array into decisions.
    static func decode(_ reply: RedisValue, checks: [RateLimitCheck]) -> Result<RateLimitResult, any Error> {
        if let message = reply.errorMessage {
            // A script or server error (WRONGTYPE, OOM, LOADING…): Redis puts no keys or
            // arguments in these, and keys only hold digests anyway; the cap keeps logs short.
            let prefix = message.split(separator: " ", maxSplits: 1).first.map(String.init) ?? ""
            return .failure(RedisError(code: .server, message: "rate limit script failed: \(message.prefix(200))",
                                       isRetryable: transientServerPrefixes.contains(prefix)))
        }
        // A script fault, not a connection fault: `RateLimiter` must not back off from Redis.
        let malformed = RedisError(
            code: .server, message: "rate limit script returned an unexpected reply", isRetryable: false)
        guard let values = reply.array?.compactMap(\.int),
            values.count == 1 + GCRAScript.valuesPerCheck * checks.count
        else {
            return .failure(malformed)
        }
        var decisions: [RateLimitDecision] = []
        decisions.reserveCapacity(checks.count)
        for (index, check) in checks.enumerated() {
            let base = 1 + GCRAScript.valuesPerCheck * index
            let outcome = GCRA.Outcome(
                allowed: values[base] == 1,
                remaining: Int(clamping: values[base + 1]),
                resetAfter: values[base + 2],
                retryAfter: values[base + 3],
                tatToStore: nil)
            decisions.append(RateLimitDecision(policy: check.policy, outcome: outcome))
        }
        let result = RateLimitResult(decisions: decisions, degraded: false)
        guard result.allowed == (values[0] == 1) else { return .failure(malformed) }
        return .success(result)
    }
}
