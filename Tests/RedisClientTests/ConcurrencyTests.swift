import RedisClient
import Testing

@Suite("Concurrency")
struct ConcurrencyTests {
    @Test("200 concurrent sends through a pool of 4 all complete correctly on at most 4 connections")
    func manySendsThroughSmallPool() async throws {
        let name = "rc-\(UInt32.random(in: 0...UInt32.max))"
        let client = try TestRedis.client(poolSize: 4, clientName: name)
        defer { client.close() }
        let prefix = TestRedis.unique("concurrency")

        let values = try await withThrowingTaskGroup(of: (Int, String?, Int64?).self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await client.send("SET", "\(prefix):\(index)", "value-\(index)")
                    let read = try await client.send("GET", "\(prefix):\(index)").string
                    let count = try await client.send("INCR", "\(prefix):counter").int
                    return (index, read, count)
                }
            }
            var results: [(Int, String?, Int64?)] = []
            for try await result in group {
                results.append(result)
            }
            return results
        }

        #expect(values.count == 200)
        for (index, read, _) in values {
            #expect(read == "value-\(index)")
        }
        #expect(Set(values.compactMap { $0.2 }) == Set(1...200))
        #expect(try await client.send("GET", "\(prefix):counter").int == 200)

        let clients = try await client.send("CLIENT", "LIST").string ?? ""
        let pooled = clients.split(separator: "\n").filter { $0.contains(" name=\(name) ") }.count
        #expect((1...4).contains(pooled), "pool of 4 opened \(pooled) connections")
        await TestRedis.deleteKeys(prefix: prefix, using: client)
    }
}
