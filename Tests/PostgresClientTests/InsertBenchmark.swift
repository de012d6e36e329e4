import Foundation
import Testing
import PostgresClient

/// Not a test of behaviour: prints single-row INSERT throughput for comparison with pgbench.
/// Runs only with `POSTGRES_BENCH=1` (it takes several seconds); Swift Testing reports it as skipped
/// otherwise.
@Suite("Insert throughput (POSTGRES_BENCH=1)")
struct InsertBenchmark {
    static let count = 20_000

    @Test(.enabled(if: ProcessInfo.processInfo.environment["POSTGRES_BENCH"] == "1"))
    func singleRowParameterisedInsertsPerSecond() async throws {
        for prepared in [true, false] {
            try await withClient(poolSize: 1, prepared: prepared) { client in
                try await withTable(client, columns: "id int8 NOT NULL, name text NOT NULL") { table in
                    let leased = try await client.withConnection { connection in
                        try await Self.measure {
                            for id in 0..<Self.count {
                                try await connection.execute("INSERT INTO \(identifier: table) (id, name) VALUES (\(id), \("name"))")
                            }
                        }
                    }
                    let pooled = try await Self.measure {
                        for id in 0..<Self.count {
                            try await client.execute("INSERT INTO \(identifier: table) (id, name) VALUES (\(id), \("name"))")
                        }
                    }
                    let rows = try await client.query("SELECT count(*) AS n FROM \(identifier: table)")
                    #expect(try rows.first?.decode(Int.self, column: "n") == 2 * Self.count)
                    print("""
                        postgres bench (prepared: \(prepared)): \(Self.count) inserts, one leased connection: \
                        \(Int(leased)) inserts/s; through client.execute (lease per insert): \(Int(pooled)) inserts/s
                        """)
                }
            }
        }
    }

    static func measure(_ body: () async throws -> Void) async throws -> Double {
        let started = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(count) / seconds
    }
}
