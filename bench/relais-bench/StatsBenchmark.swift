import Foundation
import Logging
import Migrations
import PostgresClient
import Stats

/// Issue 9's stats figure: the refresh time of each statistics view at about 1M underlying rows
/// (`StatsBenchData`). Relais refreshes through the worker's own `StatsRefresher` (advisory lock,
/// coverage check, `REFRESH MATERIALIZED VIEW CONCURRENTLY`, log row), after a small change like
/// a few minutes of activity. Baseline, in the same rounds: a plain `REFRESH MATERIALIZED VIEW`,
/// which rebuilds the view without diffing but locks readers out while it runs. Also the
/// concurrent refresh right after seeding, when every row of the view changes (the worst case).
///
/// Knobs: `BENCH_STATS_LEARNERS` (default 10,000: × 100 courses = 1M enrolments and 1M
/// purchases), `BENCH_STATS_ROUNDS` (default 3; medians are reported).
enum StatsBenchmark {
    static func run(_ settings: BenchSettings) async throws -> BenchResult {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let postgres = PostgresClient(configuration: try PostgresConfiguration(url: settings.databaseURL), logger: logger)
        try await Migrator(postgres: postgres, migrations: try Migrator.bundled(), logger: logger).migrate()
        defer { Task { [postgres] in await postgres.close() } }
        let environment = ProcessInfo.processInfo.environment
        let learners = Int(environment["BENCH_STATS_LEARNERS"] ?? "") ?? 10_000
        let rounds = max(1, Int(environment["BENCH_STATS_ROUNDS"] ?? "") ?? 3)

        let clock = ContinuousClock()
        let seeding = try await clock.measure { try await StatsBenchData.seed(postgres, learners: learners) }
        let counts = try await StatsBenchData.rowCounts(postgres)
        FileHandle.standardError.write(Data("  stats: seeded \(counts) in \(String(format: "%.1f", BenchSettings.seconds(seeding))) s\n".utf8))

        let refresher = StatsRefresher(postgres: postgres)
        var notes: [String: Any] = ["learners": learners, "courses": StatsBenchData.courses, "rounds": rounds, "rows": counts,
                                    "seed_s": (BenchSettings.seconds(seeding) * 10).rounded() / 10]
        var relaisTotal = 0.0
        var baselineTotal = 0.0
        do {
            var fullChange: [String: Double] = [:]
            for view in StatsViewRegistry.relais.views {
                fullChange[view.name] = try await milliseconds { try await refreshed(refresher, view) }
            }
            var concurrent: [String: [Double]] = [:]
            var plain: [String: [Double]] = [:]
            for round in 0..<rounds {
                for view in StatsViewRegistry.relais.views {
                    plain[view.name, default: []].append(try await milliseconds {
                        try await postgres.execute("REFRESH MATERIALIZED VIEW \(identifier: view.schema).\(identifier: view.relation)")
                    })
                }
                try await StatsBenchData.touch(postgres, round: round)
                for view in StatsViewRegistry.relais.views {
                    concurrent[view.name, default: []].append(try await milliseconds { try await refreshed(refresher, view) })
                }
            }
            for view in StatsViewRegistry.relais.views {
                let relais = median(concurrent[view.name] ?? [])
                let baseline = median(plain[view.name] ?? [])
                let rows = try await postgres.query("SELECT count(*) AS n FROM \(identifier: view.schema).\(identifier: view.relation)")
                    .first?.decode(Int.self, column: "n") ?? 0
                relaisTotal += relais
                baselineTotal += baseline
                notes[view.name] = [
                    "view_rows": rows, "concurrent_ms": relais.rounded(), "plain_ms": baseline.rounded(),
                    "concurrent_over_plain": baseline > 0 ? (relais / baseline * 100).rounded() / 100 : 0,
                    "concurrent_every_row_changed_ms": (fullChange[view.name] ?? 0).rounded(),
                    "concurrent_runs_ms": (concurrent[view.name] ?? []).map { $0.rounded() },
                    "plain_runs_ms": (plain[view.name] ?? []).map { $0.rounded() },
                ]
                FileHandle.standardError.write(Data("  stats \(view.name) (\(rows) rows): concurrent \(Int(relais)) ms, plain \(Int(baseline)) ms, every row changed \(Int(fullChange[view.name] ?? 0)) ms\n".utf8))
            }
        } catch {
            try? await cleanUp(postgres)
            throw error
        }
        try await cleanUp(postgres)
        // Times, lower is better: "ratio" (relais / baseline) is the concurrent refresh's time over the plain one's.
        return BenchResult(unit: "ms", relais: relaisTotal, baseline: baselineTotal,
                           baselineName: "plain REFRESH MATERIALIZED VIEW (both views, median)", target: 0, notes: notes)
    }

    /// A refresh through the worker's refresher, which must actually refresh (not be covered).
    private static func refreshed(_ refresher: StatsRefresher, _ view: StatsView) async throws {
        guard case .refreshed = try await refresher.refresh(view, requestedAt: Date()) else {
            throw BenchFailure("\(view) was not refreshed")
        }
    }

    /// Removes the bench rows and refreshes the views once more so they no longer show them.
    private static func cleanUp(_ postgres: PostgresClient) async throws {
        try await StatsBenchData.removeAll(postgres)
        for view in StatsViewRegistry.relais.views {
            try await postgres.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY \(identifier: view.schema).\(identifier: view.relation)")
        }
    }

    private static func milliseconds(_ body: () async throws -> Void) async throws -> Double {
        BenchSettings.seconds(try await ContinuousClock().measure(body)) * 1_000
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
