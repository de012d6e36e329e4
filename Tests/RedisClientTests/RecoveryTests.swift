import TestSupport
import RedisClient
import Testing

@Suite("Recovery")
struct RecoveryTests {
    @Test("after a redis-server restart, calls fail fast and retryably while it is down, then succeed, and subscriptions resume")
    func survivesServerRestart() async throws {
        let server = try await PrivateRedisServer()
        let client = try TestRedis.client(url: server.url, poolSize: 4)
        defer { client.close() }
        let channel = TestRedis.unique("restart")

        // Warm several pooled connections so stale sockets exist when the server goes away.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask { try await client.send("SET", "k\(index)", "v") }
            }
            try await group.waitForAll()
        }
        let subscription = client.subscribe(channels: [channel])
        defer { subscription.cancel() }
        let collector = MessageCollector(subscription)
        try await subscription.awaitSubscribed()

        server.stop()

        for _ in 0..<10 {
            let started = ContinuousClock.now
            do {
                try await client.send("GET", "k0")
                Issue.record("a command succeeded while the server was down")
            } catch let error as RedisError {
                #expect(error.code == .connection)
                #expect(error.isRetryable)
            }
            // Well under the command timeout, with slack for a loaded CI machine.
            #expect(ContinuousClock.now - started < .milliseconds(1_500), "calls must fail fast, not hang")
        }

        try await server.restart()

        let recovered = await TestRedis.eventually { () async throws -> Bool? in
            try await client.ping()
            return true
        }
        #expect(recovered == true, "the same client works again after the restart")
        #expect(try await client.send("SET", "after", "restart") == .status("OK"))

        // PUBLISH counts receivers, so a count of 1 proves the re-subscribe happened.
        let delivered = await TestRedis.eventually { () async throws -> Int64? in
            let count = try await client.publish(channel, Array("after-restart".utf8))
            return count == 1 ? count : nil
        }
        #expect(delivered == 1, "the subscription re-subscribed after the restart")
        let messages = await collector.waitFor(count: 1)
        #expect(messages.last?.payload == Array("after-restart".utf8))
        #expect(subscription.isSubscribed)
    }

    @Test("a client made while the server is down works once it is up, without being recreated")
    func lazyConnectWhileDown() async throws {
        let server = try await PrivateRedisServer()
        server.stop()
        let client = try TestRedis.client(url: server.url, poolSize: 2)
        defer { client.close() }

        await #expect(throws: RedisError.self) { try await client.ping() }
        try await server.restart()
        let recovered = await TestRedis.eventually { () async throws -> Bool? in
            try await client.ping()
            return true
        }
        #expect(recovered == true)
    }

    @Test("a server dying during a large write yields a retryable .connection error")
    func serverDeathDuringWrite() async throws {
        let server = try await PrivateRedisServer()
        var configuration = try RedisConfiguration(url: server.url)
        configuration.poolSize = 1
        configuration.commandTimeout = .seconds(5)
        let client = RedisClient(configuration: configuration, logger: TestRedis.logger)
        defer { client.close() }
        try await client.ping()

        // A frozen server stops reading, so the 32 MiB write blocks with the socket buffers
        // full; killing the server then resets the socket under the blocked write.
        server.freeze()
        let write = Task {
            try await client.send(["SET", "big", .bytes([UInt8](repeating: 7, count: 32 << 20))])
        }
        try await Task.sleep(for: .milliseconds(300))
        server.stop()

        let result = await write.result
        #expect(throws: RedisError.self) { try result.get() }
        if case .failure(let error as RedisError) = result {
            #expect(error.code == .connection && error.isRetryable, "got \(error)")
        }
    }
}
