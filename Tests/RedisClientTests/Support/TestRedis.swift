import Foundation
import Logging
import RedisClient

/// Shared settings for tests against the real Redis started by `scripts/stack`.
enum TestRedis {
    static let url = ProcessInfo.processInfo.environment["REDIS_URL"] ?? "redis://127.0.0.1:56379"

    static let logger: Logger = {
        var logger = Logger(label: "redisclient-tests")
        logger.logLevel = .error
        return logger
    }()

    /// A client for the shared server (or `url`), with an optional pool size.
    static func client(url: String = url, poolSize: Int = 8, clientName: String? = nil) throws -> RedisClient {
        var configuration = try RedisConfiguration(url: url)
        configuration.poolSize = poolSize
        configuration.clientName = clientName
        return RedisClient(configuration: configuration, logger: logger)
    }

    /// A key prefix (or channel name) unique to one test run.
    static func unique(_ name: String) -> String {
        "test:redisclient:\(name):\(String(UInt64.random(in: 0...UInt64.max), radix: 36))"
    }

    /// Deletes every key starting with `prefix` (best effort, for cleanup).
    static func deleteKeys(prefix: String, using client: RedisClient) async {
        var cursor = "0"
        repeat {
            guard let reply = try? await client.send("SCAN", cursor, "MATCH", "\(prefix)*", "COUNT", "1000"),
                let parts = reply.array, parts.count == 2, let next = parts[0].string, let keys = parts[1].array
            else { return }
            cursor = next
            if !keys.isEmpty {
                _ = try? await client.send(["UNLINK"] + keys.compactMap { $0.bytes.map(RedisArgument.bytes) })
            }
        } while cursor != "0"
    }

    /// Retries `body` until it succeeds or `timeout` passes; returns the last error otherwise.
    static func eventually<Value>(
        timeout: Duration = .seconds(6), _ body: () async throws -> Value?
    ) async -> Value? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let value = try? await body() { return value }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }
}
