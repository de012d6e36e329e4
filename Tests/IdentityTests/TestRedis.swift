import Foundation
import Logging
@testable import Identity
import RedisClient
import TestSupport

/// Shared helpers: the stack's Redis, unique key prefixes, a quiet logger.
enum TestRedis {
    static var url: String {
        TestStack.redisURL
    }

    static let quietLogger = Logger(label: "test.rate-limit") { _ in SwiftLogNoOpLogHandler() }

    /// A client of the shared server (or of `url`); close it at the end of the test.
    static func client(url: String = TestRedis.url, commandTimeout: Duration = .seconds(5)) throws -> RedisClient {
        var configuration = try RedisConfiguration(url: url)
        configuration.poolSize = 2
        configuration.commandTimeout = commandTimeout
        return RedisClient(configuration: configuration, logger: quietLogger)
    }

    /// A key prefix no other test or earlier run uses.
    static func uniquePrefix(_ name: String) -> String {
        "test-rl-\(name)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}
