import RedisClient
import Testing

@Suite("Pub/sub")
struct PubSubTests {
    @Test("two subscribers of one channel both receive every message, in order")
    func twoSubscribersReceiveTheSameMessages() async throws {
        let client = try TestRedis.client()
        defer { client.close() }
        let channel = TestRedis.unique("channel")

        let first = client.subscribe(channels: [channel])
        let second = client.subscribe(channels: [channel])
        defer {
            first.cancel()
            second.cancel()
        }
        let firstMessages = MessageCollector(first)
        let secondMessages = MessageCollector(second)
        try await first.awaitSubscribed()
        try await second.awaitSubscribed()

        #expect(try await client.publish(channel, Array("one".utf8)) == 2)
        #expect(try await client.publish(channel, [0, 1, 255]) == 2)

        let expected = [
            RedisPubSubMessage(channel: channel, pattern: nil, payload: Array("one".utf8)),
            RedisPubSubMessage(channel: channel, pattern: nil, payload: [0, 1, 255]),
        ]
        #expect(await firstMessages.waitFor(count: 2) == expected)
        #expect(await secondMessages.waitFor(count: 2) == expected)
    }

    @Test("a pattern subscription receives matching channels with the pattern, and not others")
    func patternSubscription() async throws {
        let client = try TestRedis.client()
        defer { client.close() }
        let base = TestRedis.unique("pattern")

        let subscription = client.subscribe(channels: [], patterns: ["\(base).*"])
        defer { subscription.cancel() }
        let collector = MessageCollector(subscription)
        try await subscription.awaitSubscribed()
        #expect(subscription.isSubscribed)

        #expect(try await client.publish("\(base).a", Array("a".utf8)) == 1)
        #expect(try await client.publish("\(base)-other", Array("no".utf8)) == 0)
        #expect(try await client.publish("\(base).b", Array("b".utf8)) == 1)

        let messages = await collector.waitFor(count: 2)
        #expect(messages == [
            RedisPubSubMessage(channel: "\(base).a", pattern: "\(base).*", payload: Array("a".utf8)),
            RedisPubSubMessage(channel: "\(base).b", pattern: "\(base).*", payload: Array("b".utf8)),
        ])
    }

    @Test("cancel ends the sequence and unsubscribes from the server")
    func cancelEndsTheSequence() async throws {
        let client = try TestRedis.client()
        defer { client.close() }
        let channel = TestRedis.unique("cancel")

        let subscription = client.subscribe(channels: [channel])
        try await subscription.awaitSubscribed()
        let ended = Task {
            for await _ in subscription {}
            return true
        }
        subscription.cancel()
        subscription.cancel()
        #expect(await ended.value)

        let receivers = await TestRedis.eventually { () async throws -> Int64? in
            let count = try await client.publish(channel, [1])
            return count == 0 ? count : nil
        }
        #expect(receivers == 0, "the subscriber connection should be gone")
        await #expect(throws: RedisError.self) { try await subscription.awaitSubscribed(timeout: .seconds(1)) }
    }

    @Test("closing the client ends its subscriptions, and later subscriptions are finished at once")
    func closeEndsSubscriptions() async throws {
        let client = try TestRedis.client()
        let subscription = client.subscribe(channels: [TestRedis.unique("close")])
        try await subscription.awaitSubscribed()
        let ended = Task {
            for await _ in subscription {}
            return true
        }
        client.close()
        #expect(await ended.value)

        let late = client.subscribe(channels: ["anything"])
        var iterator = late.makeAsyncIterator()
        #expect(await iterator.next() == nil)
    }
}
