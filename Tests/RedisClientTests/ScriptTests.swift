@testable import RedisClient
import TestSupport
import Testing

@Suite("Lua scripts")
struct ScriptTests {
    @Test("SHA-1 matches the FIPS 180 test vectors")
    func sha1Vectors() {
        #expect(SHA1.hexDigest(of: []) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA1.hexDigest(of: Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(
            SHA1.hexDigest(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }

    @Test("the script SHA-1 equals what SCRIPT LOAD returns, across block-boundary lengths")
    func sha1MatchesServer() async throws {
        let client = try TestRedis.client()
        defer { client.close() }
        for length in [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000] {
            let source = "return 1 --" + String(repeating: "x", count: length)
            let loaded = try await client.send("SCRIPT", "LOAD", source)
            #expect(loaded.string == RedisScript(source).sha1, "length \(length)")
        }
    }

    @Test("EVALSHA maps every Lua result type and loads an unknown script by itself")
    func resultTypes() async throws {
        let client = try TestRedis.client()
        defer { client.close() }
        // A unique comment gives a SHA the server has never seen, so NOSCRIPT is exercised.
        let script = RedisScript("""
            -- \(TestRedis.unique("script"))
            return {7, 'two', redis.status_reply('FINE'), false, {KEYS[1], ARGV[1]}, true}
            """)

        let reply = try await client.evaluate(script, keys: ["k1"], arguments: [.bytes([0, 255])])
        #expect(
            reply == .array([
                .integer(7), .bulk(Array("two".utf8)), .status("FINE"), .null,
                .array([.bulk(Array("k1".utf8)), .bulk([0, 255])]), .integer(1),
            ]))
        #expect(try await client.send("SCRIPT", "EXISTS", script.sha1) == .array([.integer(1)]))
    }

    @Test("a script still runs after SCRIPT FLUSH (private server)")
    func survivesScriptFlush() async throws {
        let server = try await PrivateRedisServer()
        let client = try TestRedis.client(url: server.url)
        defer { client.close() }
        let script = RedisScript("return redis.call('INCRBY', KEYS[1], ARGV[1])")

        #expect(try await client.evaluate(script, keys: ["n"], arguments: [5]) == .integer(5))
        try await client.send("SCRIPT", "FLUSH")
        #expect(try await client.send("SCRIPT", "EXISTS", script.sha1) == .array([.integer(0)]))
        #expect(try await client.evaluate(script, keys: ["n"], arguments: [.int(2)]) == .integer(7))
    }

    @Test("a script error reply is thrown as a .server error")
    func scriptErrorThrows() async throws {
        let client = try TestRedis.client()
        defer { client.close() }
        let script = RedisScript("return redis.error_reply('DENIED not allowed')")

        await #expect {
            try await client.evaluate(script, keys: [], arguments: [])
        } throws: { error in
            guard let error = error as? RedisError else { return false }
            return error.code == .server && error.serverErrorPrefix == "DENIED" && !error.isRetryable
        }
    }
}
