import Foundation
import Logging
import PostgresClient

/// Single-row parameterised INSERTs/s on one connection through `PostgresClient` (each awaited
/// before the next, as a request handler would) vs `pgbench` running the same statement on one
/// connection, same server, same run. pgbench runs with `-M prepared`, the fastest protocol it has.
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
        var pgbenchBest = 0.0
        for round in 0..<rounds {
            let payload = "benchmark payload text"
            let start = ContinuousClock.now
            for index in 0..<count {
                try await postgres.execute("INSERT INTO bench_inserts (payload, n) VALUES (\(payload), \(index))")
            }
            let rate = Double(count) / BenchSettings.seconds(ContinuousClock.now - start)
            relaisBest = max(relaisBest, rate)

            let output = try BenchSettings.run(pgbenchPath(), [
                "-n", "-c", "1", "-j", "1", "-t", String(count), "-M", "prepared", "-f", script.path, settings.databaseURL,
            ])
            let tps = try parseTPS(output)
            pgbenchBest = max(pgbenchBest, tps)
            FileHandle.standardError.write(Data("  postgres round \(round + 1): relais \(Int(rate)) inserts/s, pgbench \(Int(tps)) tps\n".utf8))
        }
        try await postgres.execute("DROP TABLE bench_inserts")
        await postgres.close()
        return BenchResult(unit: "inserts/s", relais: relaisBest, baseline: pgbenchBest, baselineName: "pgbench -M prepared",
                           target: 0.8, notes: ["inserts": count, "rounds": rounds, "connections": 1])
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
