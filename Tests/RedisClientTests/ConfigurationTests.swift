@testable import RedisClient
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test("a full URL yields host, port, credentials and database")
    func parsesFullURL() throws {
        let configuration = try RedisConfiguration(url: "redis://:s3cr%40t@cache.internal:6380/3")
        #expect(configuration.host == "cache.internal")
        #expect(configuration.port == 6380)
        #expect(configuration.username == nil)
        #expect(configuration.password == "s3cr@t")
        #expect(configuration.database == 3)
        #expect(configuration.poolSize == 2)
        #expect(configuration.connectTimeout == .seconds(2))
        #expect(configuration.commandTimeout == .seconds(2))
    }

    @Test("defaults apply: port 6379, database 0, no password; users and IPv6 hosts parse")
    func parsesDefaultsAndVariants() throws {
        let plain = try RedisConfiguration(url: "redis://127.0.0.1")
        #expect(plain.port == 6379 && plain.database == 0 && plain.password == nil)

        let slash = try RedisConfiguration(url: "REDIS://localhost:7000/")
        #expect(slash.host == "localhost" && slash.port == 7000 && slash.database == 0)

        let acl = try RedisConfiguration(url: "redis://app:pw@[::1]:7001/15")
        #expect(acl.host == "::1" && acl.port == 7001 && acl.username == "app" && acl.password == "pw")
        #expect(acl.database == 15)
    }

    @Test(
        "malformed URLs are rejected with an .invalidConfiguration error naming the problem",
        arguments: [
            ("127.0.0.1:6379", "expected redis://"),
            ("http://host:6379", "scheme"),
            ("rediss://host", "scheme"),
            ("redis://", "missing host"),
            ("redis://:pw@:6379", "missing host"),
            ("redis://host:port", "port"),
            ("redis://host:70000", "port"),
            ("redis://host:", "port"),
            ("redis://host/db1", "database"),
            ("redis://host/-1", "database"),
            ("redis://hunter2@host", "credentials"),
            ("redis://:bad%zzpw@host", "percent"),
            ("redis://host?timeout=1", "query"),
            ("redis://[::1", "IPv6"),
        ])
    func rejectsMalformedURL(url: String, mentions: String) {
        #expect {
            try RedisConfiguration(url: url)
        } throws: { error in
            guard let error = error as? RedisError else { return false }
            return error.code == .invalidConfiguration && !error.isRetryable
                && error.description.contains(mentions)
        }
    }

    @Test("errors and descriptions never reveal the password")
    func hidesPassword() throws {
        let configuration = try RedisConfiguration(url: "redis://user:hunter2@host:1/2")
        #expect(!configuration.description.contains("hunter2"))
        #expect(configuration.description.contains("***"))
        do {
            _ = try RedisConfiguration(url: "redis://:hunter2@host:notaport")
            Issue.record("expected an error")
        } catch let error as RedisError {
            #expect(!error.description.contains("hunter2"))
        }
    }

    @Test("reconnect backoff grows exponentially with jitter and is capped at 2 s")
    func backoffSchedule() {
        let backoff = ReconnectBackoff()
        #expect(backoff.delay(afterFailures: 1, unitRandom: 1) == .milliseconds(50))
        #expect(backoff.delay(afterFailures: 1, unitRandom: 0) == .milliseconds(25))
        #expect(backoff.delay(afterFailures: 3, unitRandom: 1) == .milliseconds(200))
        #expect(backoff.delay(afterFailures: 30, unitRandom: 1) == .seconds(2))
        #expect(backoff.delay(afterFailures: 30, unitRandom: 0) == .seconds(1))
        for failures in 1...40 {
            #expect(backoff.delay(afterFailures: failures) <= .seconds(2))
        }
    }
}
