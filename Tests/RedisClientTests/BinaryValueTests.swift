import RedisClient
import Testing

@Suite("Binary safety")
struct BinaryValueTests {
    @Test("every byte value 0x00...0xFF round-trips in keys and values")
    func allByteValues() async throws {
        let client = try TestRedis.client()
        defer { client.close() }
        let prefix = TestRedis.unique("binary")
        let bytes = (0...255).map { UInt8($0) }
        let key = Array("\(prefix):".utf8) + bytes

        try await client.send(["SET", .bytes(key), .bytes(bytes)])
        let reply = try await client.send(["GET", .bytes(key)])
        #expect(reply == .bulk(bytes))
        #expect(reply.string == nil, "0x80...0xFF alone is not valid UTF-8")
        await TestRedis.deleteKeys(prefix: prefix, using: client)
    }

    @Test("an empty value is stored and read back as an empty bulk string, not null")
    func emptyValue() async throws {
        let client = try TestRedis.client()
        defer { client.close() }
        let key = TestRedis.unique("empty")

        try await client.send(["SET", .string(key), .bytes([])])
        #expect(try await client.send("GET", key) == .bulk([]))
        #expect(try await client.send("STRLEN", key) == .integer(0))
        #expect(try await client.send("GET", key + ":missing").isNull)
        try await client.send("DEL", key)
    }

    @Test("a 1 MiB value round-trips byte for byte")
    func oneMebibyteValue() async throws {
        let client = try TestRedis.client()
        defer { client.close() }
        let key = TestRedis.unique("large")
        var generator = SystemRandomNumberGenerator()
        let value = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }

        try await client.send(["SET", .string(key), .bytes(value)])
        #expect(try await client.send("STRLEN", key) == .integer(1 << 20))
        let reply = try await client.send("GET", key)
        #expect(reply.bytes == value)
        try await client.send("DEL", key)
    }
}
