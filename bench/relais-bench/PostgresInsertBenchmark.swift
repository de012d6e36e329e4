import Foundation
import Logging
import PostgresClient

/// Single-row parameterised INSERTs/s on one connection through `PostgresClient`, each awaited
/// before the next, vs `pgbench` running the same statement on one connection, same server, same
/// run. pgbench runs with `-M prepared`, the fastest protocol it has. The headline figure holds
/// one connection for the whole run, as pgbench does; `relais_lease_per_insert` also leases the
/// connection from the pool for every statement, as independent request handlers do.
enum PostgresInsertBenchmark {
    static let count = 20_000
    static let rounds = 3

    static func run(_ settings: BenchSettings) async throws -> BenchResult {
        var configuration = try PostgresConfiguration(url: settings.databaseURL)
        configuration.poolSize = 1
        let postgres = PostgresClient(configuration: configuration, logger: Logger(label: "bench.postgres"))
        try await postgres.execute("CREATE TABLE IF NOT EXISTS bench_inserts (id bigserial PRIMARY KEY, payload text NOT NULL, n integer NOT NULL)")
        try await postgres.execute("TRUNCATE bench_inserts")
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("relais-bench-\(UUID().uuidString).sql")
        try Data("""
            \\set n random(1, 1000000)
            INSERT INTO bench_inserts (payload, n) VALUES ('benchmark payload text', :n);

            """.utf8).write(to: script)
        defer { try? FileManager.default.removeItem(at: script) }

        var relaisBest = 0.0
        var leasedBest = 0.0
        var pgbenchBest = 0.0
        let payload = "benchmark payload text"
        for round in 0..<rounds {
            let start = ContinuousClock.now
            try await postgres.withConnection { connection in
                for index in 0..<count {
                    try await connection.execute("INSERT INTO bench_inserts (payload, n) VALUES (\(payload), \(index))")
                }
            }
            let rate = Double(count) / BenchSettings.seconds(ContinuousClock.now - start)
            relaisBest = max(relaisBest, rate)

            let leasedStart = ContinuousClock.now
            for index in 0..<count {
                try await postgres.execute("INSERT INTO bench_inserts (payload, n) VALUES (\(payload), \(index))")
            }
            let leasedRate = Double(count) / BenchSettings.seconds(ContinuousClock.now - leasedStart)
            leasedBest = max(leasedBest, leasedRate)

            let output = try BenchSettings.run(pgbenchPath(), [
                "-n", "-c", "1", "-j", "1", "-t", String(count), "-M", "prepared", "-f", script.path, settings.databaseURL,
            ])
            let tps = try parseTPS(output)
            pgbenchBest = max(pgbenchBest, tps)
            FileHandle.standardError.write(Data("  postgres round \(round + 1): relais \(Int(rate)) inserts/s (lease per insert \(Int(leasedRate))), pgbench \(Int(tps)) tps\n".utf8))
        }
        try await postgres.execute("DROP TABLE bench_inserts")
        await postgres.close()
        return BenchResult(unit: "inserts/s", relais: relaisBest, baseline: pgbenchBest, baselineName: "pgbench -M prepared",
                           target: 0.8, notes: ["inserts": count, "rounds": rounds, "connections": 1,
                                   "relais_lease_per_insert": leasedBest.rounded(),
                                   "lease_per_insert_ratio": (leasedBest / max(pgbenchBest, 1) * 100).rounded() / 100])
    }

    static func pgbenchPath() -> String {
        let debian = "/usr/lib/postgresql/15/bin/pgbench"
        return FileManager.default.isExecutableFile(atPath: debian) ? debian : "pgbench"
    }

    /// pgbench prints `tps = 1234.56 (without initial connection time)`.
    static func parseTPS(_ output: String) throws -> Double {
        for line in output.split(separator: "\n") where line.hasPrefix("tps = ") {
            if let value = line.dropFirst(6).split(separator: " ").first.flatMap({ Double($0) }) { return value }
        }
        throw BenchFailure("pgbench printed no tps line")
    }
}
