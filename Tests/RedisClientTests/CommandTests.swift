import TestSupport
import RedisClient
import Testing

@Suite("Commands and errors")
struct CommandTests {
    @Test("reply types map to RedisValue cases and their accessors")
    func replyTypes() async throws {
        let client = try TestRedis.client()
        defer { client.close() }
        let key = TestRedis.unique("types")

        #expect(try await client.send("SET", key, "41") == .status("OK"))
        #expect(try await client.send("GET", key).int == 41)
        #expect(try await client.send("INCR", key) == .integer(42))
        #expect(try await client.send(["RPUSH", .string(key + ":l"), "a", 7]) == .integer(2))
        #expect(try await client.send("LRANGE", key + ":l", "0", "-1").array?.compactMap(\.string) == ["a", "7"])
        #expect(try await client.send("GET", key + ":missing").isNull)
        try await client.ping()
        try await client.send("DEL", key, key + ":l")
    }

    @Test("a server error reply throws .server without echoing command arguments")
    func serverErrorIsSafe() async throws {
        let client = try TestRedis.client()
        defer { client.close() }
        let key = TestRedis.unique("wrongtype")
        try await client.send("RPUSH", key, "x")

        do {
            try await client.send("NOSUCHCOMMAND", "topsecret-value")
            Issue.record("expected an error")
        } catch let error as RedisError {
            #expect(error.code == .server && !error.isRetryable)
            #expect(error.serverErrorPrefix == "ERR")
            #expect(!error.description.contains("topsecret"))
        }
        await #expect {
            try await client.send("GET", key)
        } throws: { error in
            (error as? RedisError)?.serverErrorPrefix == "WRONGTYPE"
        }
        // The connection stays usable after error replies.
        try await client.send("DEL", key)
    }

    @Test("an empty command is rejected with .invalidArgument")
    func emptyCommand() async throws {
        let client = try TestRedis.client()
        defer { client.close() }
        await #expect {
            try await client.send([])
        } throws: { error in
            (error as? RedisError)?.code == .invalidArgument
        }
    }

    @Test("a reply slower than commandTimeout throws a retryable .timeout, and the client goes on working")
    func commandTimeout() async throws {
        var configuration = try RedisConfiguration(url: TestRedis.url)
        configuration.poolSize = 1
        configuration.commandTimeout = .milliseconds(300)
        let client = RedisClient(configuration: configuration, logger: TestRedis.logger)
        defer { client.close() }

        let started = ContinuousClock.now
        await #expect {
            try await client.send("BLPOP", TestRedis.unique("never"), "10")
        } throws: { error in
            guard let error = error as? RedisError else { return false }
            return error.code == .timeout && error.isRetryable
        }
        // The .timeout error already shows the client gave up (the server would have answered nil
        // after 10 s); the bound only catches a timeout that did not fire. Loose: on a loaded
        // 2-core CI the test process alone was seen to stall ~5 s.
        #expect(ContinuousClock.now - started < .seconds(9))
        try await client.ping()
    }

    @Test("AUTH and SELECT run on connect; a wrong password fails with a .server error")
    func authenticationAndDatabase() async throws {
        let server = try await PrivateRedisServer(extraArguments: ["--requirepass", "pa ss:word"])

        let client = try TestRedis.client(url: "redis://:pa%20ss%3Aword@127.0.0.1:\(server.port)/2")
        defer { client.close() }
        try await client.send("SET", "k", "in-db-2")
        let info = try await client.send("CLIENT", "INFO").string ?? ""
        #expect(info.contains(" db=2 "))

        let wrong = try TestRedis.client(url: "redis://:nope@127.0.0.1:\(server.port)")
        defer { wrong.close() }
        await #expect {
            try await wrong.ping()
        } throws: { error in
            guard let error = error as? RedisError else { return false }
            return error.code == .server && error.message.contains("authentication failed")
                && !error.description.contains("nope")
        }
    }

    @Test("after close, commands fail with .closed and close can be called again")
    func closeIsFinal() async throws {
        let client = try TestRedis.client()
        try await client.ping()
        client.close()
        client.close()
        await #expect {
            try await client.ping()
        } throws: { error in
            (error as? RedisError)?.code == .closed
        }
    }
}
