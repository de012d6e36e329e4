import RedisClient
import Testing

@Suite("Pipelining")
struct PipelineTests {
    @Test("a 1,000-command pipeline returns 1,000 replies in order with the right values")
    func thousandCommandsInOrder() async throws {
        let client = try TestRedis.client()
        defer { client.close() }
        let prefix = TestRedis.unique("pipeline")

        var commands: [[RedisArgument]] = []
        var expected: [RedisValue] = []
        var counter: Int64 = 0
        for index in 0..<1_000 {
            switch index % 3 {
            case 0:
                commands.append(["SET", .string("\(prefix):k\(index)"), .string("v\(index)")])
                expected.append(.status("OK"))
            case 1:
                commands.append(["INCR", .string("\(prefix):counter")])
                counter += 1
                expected.append(.integer(counter))
            default:
                commands.append(["GET", .string("\(prefix):k\(index - 2)")])
                expected.append(.bulk(Array("v\(index - 2)".utf8)))
            }
        }

        let replies = try await client.pipeline(commands)
        #expect(replies.count == 1_000)
        #expect(replies == expected)
        await TestRedis.deleteKeys(prefix: prefix, using: client)
    }

    @Test("a failing command in a pipeline yields .error at its index and the others still succeed")
    func errorStaysAtItsIndex() async throws {
        let client = try TestRedis.client()
        defer { client.close() }
        let prefix = TestRedis.unique("pipeline-error")

        let replies = try await client.pipeline([
            ["SET", .string("\(prefix):text"), "hello"],
            ["INCR", .string("\(prefix):text")],
            ["NOSUCHCOMMAND", "x"],
            ["GET", .string("\(prefix):text")],
            ["INCR", .string("\(prefix):n")],
        ])

        #expect(replies.count == 5)
        #expect(replies[0] == .status("OK"))
        #expect(replies[1].errorMessage?.hasPrefix("ERR") == true)
        #expect(replies[2].errorMessage?.contains("unknown command") == true)
        #expect(replies[3].string == "hello")
        #expect(replies[4] == .integer(1))
        await TestRedis.deleteKeys(prefix: prefix, using: client)
    }

    @Test("an empty pipeline returns no replies without touching the server")
    func emptyPipeline() async throws {
        let client = try TestRedis.client(url: "redis://127.0.0.1:1")
        defer { client.close() }
        #expect(try await client.pipeline([]).isEmpty)
    }
}
