import Foundation
import Testing
import PostgresClient

@Suite("Connection pool")
struct PoolTests {
    @Test func hundredConcurrentQueriesThroughAPoolOfFourAllCompleteCorrectly() async throws {
        let applicationName = uniqueName("pgc_pool")
        try await withClient(poolSize: 4, applicationName: applicationName) { client in
            let results = try await withThrowingTaskGroup(of: (Int, Int, String).self) { group in
                for index in 0..<100 {
                    group.addTask {
                        let rows = try await client.query("SELECT \(index) * 2 AS doubled, \("v\(index)") AS echo, pg_sleep(0.01)::text AS pause")
                        let row = try #require(rows.first)
                        return (index, try row.decode(Int.self, column: "doubled"), try row.decode(String.self, column: "echo"))
                    }
                }
                var all: [(Int, Int, String)] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(results.count == 100)
            #expect(results.allSatisfy { $0.1 == $0.0 * 2 && $0.2 == "v\($0.0)" })
            let backends = try await client.query("""
                SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = \(applicationName)
                """)
            #expect(try (1...4).contains(backends.first?.decode(Int.self, column: "n") ?? 0))
        }
    }

    @Test func cancelledWaitersGiveUpWithoutLosingTheConnection() async throws {
        try await withClient(poolSize: 1) { client in
            let holding = AsyncStream<Void>.makeStream()
            let release = AsyncStream<Void>.makeStream()
            let holder = Task {
                try await client.withConnection { connection in
                    _ = try await connection.query("SELECT 1")
                    holding.continuation.yield()
                    for await _ in release.stream { break }
                }
            }
            for await _ in holding.stream { break }
            let waiters = (0..<10).map { _ in Task { try await client.query("SELECT 1") } }
            try await Task.sleep(for: .milliseconds(50))
            waiters.forEach { $0.cancel() }
            for waiter in waiters {
                await #expect(throws: CancellationError.self) { _ = try await waiter.value }
            }
            release.continuation.yield()
            try await holder.value
            let rows = try await client.query("SELECT 7 AS seven")
            #expect(try rows.first?.decode(Int.self, column: "seven") == 7)
        }
    }

    @Test func aMalformedURLIsRejectedWithAClearError() {
        let error = #expect(throws: PostgresError.self) {
            _ = try PostgresConfiguration(url: "postgres://relais:secret@127.0.0.1:notaport/relais")
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.description.contains("port") == true)
        #expect(error?.description.contains("secret") == false)
    }

    @Test("ping fails fast with a retryable connection error when no server listens")
    func pingFailsFastWithARetryableConnectionErrorWhenNoServerListens() async throws {
        // Port 1: nothing listens, the connection is refused at once. The connect timeout is far
        // above the bound so the test proves "refused fast", with slack for a loaded CI machine.
        var configuration = try PostgresConfiguration(url: "postgres://relais:relais@127.0.0.1:1/relais")
        configuration.connectTimeout = .seconds(30)
        let client = PostgresClient(configuration: configuration, logger: testLogger)
        let started = ContinuousClock.now
        let error = await #expect(throws: PostgresError.self) { try await client.ping() }
        #expect(error?.code == .connection)
        #expect(error?.isRetryable == true)
        #expect(ContinuousClock.now - started < .seconds(10))
        await client.close()
    }

    @Test func pingSucceedsAgainstTheRealServer() async throws {
        try await withClient { client in try await client.ping() }
    }

    @Test func thePoolRecoversByItselfAfterItsBackendsAreTerminated() async throws {
        let applicationName = uniqueName("pgc_recover")
        try await withClient(poolSize: 2, applicationName: applicationName) { client in
            _ = try await client.query("SELECT 1")
            try await withClient(poolSize: 1) { admin in
                try await admin.execute("""
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = \(applicationName)
                    """)
                try await withTimeout(seconds: 10) {
                    while true {
                        let left = try await admin.query("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = \(applicationName)")
                        if try left.first?.decode(Int.self, column: "n") == 0 { return }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
            }
            for _ in 0..<3 {
                let rows = try await client.query("SELECT 41 + 1 AS answer")
                #expect(try rows.first?.decode(Int.self, column: "answer") == 42)
            }
        }
    }

    @Test func aLeasedConnectionCannotBeUsedAfterItsClosureReturns() async throws {
        try await withClient(poolSize: 1) { client in
            let escaped = try await client.withConnection { $0 }
            let error = await #expect(throws: PostgresError.self) { try await escaped.query("SELECT 1") }
            #expect(error?.code == .closed)
        }
    }

    @Test func aClosedClientRefusesWork() async throws {
        let client = try makeClient(poolSize: 1)
        _ = try await client.query("SELECT 1")
        await client.close()
        let error = await #expect(throws: PostgresError.self) { try await client.query("SELECT 1") }
        #expect(error?.code == .closed)
    }

    @Test func preparedAndUnpreparedExecutionGiveTheSameResultsAndSurviveSchemaChanges() async throws {
        for prepared in [true, false] {
            try await withClient(poolSize: 1, prepared: prepared) { client in
                try await withTable(client, columns: "id int PRIMARY KEY, name text") { table in
                    for id in 0..<5 {
                        try await client.execute("INSERT INTO \(identifier: table) VALUES (\(Int32(id)), \("n\(id)"))")
                    }
                    let select: PostgresQuery = "SELECT * FROM \(identifier: table) WHERE id >= \(Int32(3)) ORDER BY id"
                    #expect(try await client.query(select).map { try $0.decode(String.self, column: "name") } == ["n3", "n4"])
                    try await client.execute("ALTER TABLE \(identifier: table) ADD COLUMN extra text DEFAULT 'x'")
                    let rows = try await client.query(select)
                    #expect(rows.first?.columns == ["id", "name", "extra"])
                }
            }
        }
    }
}
