import Foundation
import Pipeline
import PostgresClient
import Stats
import StatsWorker
import Testing
import TestSupport

extension StatsViewSuites {
    /// Coalescing and mutual exclusion of refreshes, through the real handler and runtime.
    @Suite("Refresh coalescing")
    struct CoalescingTests {
        @Test("1,000 RefreshStats commands for one view, queued before the worker starts, are all acknowledged with at most 2 refreshes")
        func burstIsCoalesced() async throws {
            let postgres = try await TestClients.migratedPostgres()
            let seeds = StatsSeeds(postgres: postgres)
            let worker = try await PrivateWorker(commandType: RefreshStats.commandType.name, postgres: postgres)
            do {
                // A change the refresh must pick up: one enrolment in a new course.
                let course = try await seeds.course()
                try await seeds.enroll(try await seeds.user(), in: course)
                let refreshes = ViewRefreshStore(postgres: postgres)
                let before = try #require(try await refreshes.lastRefresh(of: .academyCourseStats))

                for _ in 0..<1_000 { try await worker.publish(RefreshStats.academyCourses) }
                try await worker.whileRunning(RefreshStatsHandler(postgres: postgres)) {
                    try await Eventually.wait(for: "1,000 commands handled", timeout: .seconds(90), every: .milliseconds(250)) {
                        worker.handled >= 1_000
                    }
                }

                let after = try #require(try await refreshes.lastRefresh(of: .academyCourseStats))
                #expect(worker.handled == 1_000)
                #expect((1...2).contains(after.refreshCount - before.refreshCount),
                        "\(after.refreshCount - before.refreshCount) refreshes for 1,000 requests")
                #expect(after.lastStartedAt > before.lastStartedAt)
                let enrolments = try await postgres.query("SELECT enrollments FROM academy.course_stats WHERE course_id = \(course)")
                    .first?.decode(Int.self, column: "enrollments")
                #expect(enrolments == 1, "the refresh ran after the change")
            } catch {
                await Self.close(worker, seeds, postgres)
                throw error
            }
            await Self.close(worker, seeds, postgres)
        }

        @Test("two refreshers of one view at once: one refreshes, the other is told busy at once; later requests are covered or refresh again")
        func oneRefreshAtATime() async throws {
            let postgres = try await TestClients.migratedPostgres()
            let holder = try TestClients.postgres(poolSize: 1)
            let view = try await Self.privateView(postgres)
            let refresher = StatsRefresher(postgres: postgres)
            do {
                let issued = Date()
                // The test holds the view's base table, so refresher A takes the view's refresh lock
                // and then waits inside REFRESH until the test lets go: a refresh in progress.
                let (first, second) = try await holder.withTransaction { connection in
                    try await connection.execute("LOCK TABLE \(identifier: view.schema).facts IN ACCESS EXCLUSIVE MODE")
                    let first = Task { try await refresher.refresh(view, requestedAt: issued) }
                    try await Eventually.wait(for: "refresher A inside REFRESH", timeout: .seconds(20), every: .milliseconds(50)) {
                        try await Self.isWaitingToRefresh(view, postgres)
                    }
                    let started = ContinuousClock.now
                    let second = try await refresher.refresh(view, requestedAt: issued)
                    #expect(ContinuousClock.now - started < .seconds(5), "B must not queue behind A")
                    return (first, second)
                }
                let firstOutcome = try await first.value
                #expect(second == .busy)
                guard case let .refreshed(startedAt, _) = firstOutcome else {
                    Issue.record("A should have refreshed, got \(firstOutcome)")
                    throw TestSetupError(description: "no refresh")
                }
                #expect(try await Self.refreshCount(view, postgres) == 1)
                #expect(try await Self.total(view, postgres) == 1)

                // B's command, retried: issued before A started, so A covered it.
                #expect(try await refresher.refresh(view, requestedAt: issued) == .covered(by: startedAt))
                #expect(try await Self.refreshCount(view, postgres) == 1)

                // A change after A started needs a new refresh.
                try await postgres.execute("INSERT INTO \(identifier: view.schema).facts (id) VALUES (2)")
                guard case .refreshed = try await refresher.refresh(view, requestedAt: Date()) else {
                    throw TestSetupError(description: "a request issued after the last refresh must refresh")
                }
                #expect(try await Self.refreshCount(view, postgres) == 2)
                #expect(try await Self.total(view, postgres) == 2)
            } catch {
                await Self.drop(view, postgres, holder)
                throw error
            }
            await Self.drop(view, postgres, holder)
        }

        // MARK: Helpers

        /// A materialized view of the test's own (`<schema>.totals` over `<schema>.facts`), so its
        /// refresh count is this test's alone.
        static func privateView(_ postgres: PostgresClient) async throws -> StatsView {
            let schema = TestStack.uniqueName("stats_test").replacingOccurrences(of: "-", with: "_")
            try await postgres.execute("CREATE SCHEMA \(identifier: schema)")
            try await postgres.execute("CREATE TABLE \(identifier: schema).facts (id integer PRIMARY KEY)")
            try await postgres.execute("INSERT INTO \(identifier: schema).facts (id) VALUES (1)")
            try await postgres.execute("""
                CREATE MATERIALIZED VIEW \(identifier: schema).totals AS SELECT 1 AS one, count(*) AS total FROM \(identifier: schema).facts
                """)
            try await postgres.execute("CREATE UNIQUE INDEX ON \(identifier: schema).totals (one)")
            return StatsView(schema: schema, relation: "totals", purpose: "test")
        }

        static func isWaitingToRefresh(_ view: StatsView, _ postgres: PostgresClient) async throws -> Bool {
            try await postgres.query("""
                SELECT count(*) AS n FROM pg_stat_activity
                WHERE wait_event_type = 'Lock' AND query LIKE 'REFRESH MATERIALIZED VIEW CONCURRENTLY%' AND query LIKE \("%\(view.schema)%")
                """).first?.decode(Int.self, column: "n") ?? 0 > 0
        }

        static func refreshCount(_ view: StatsView, _ postgres: PostgresClient) async throws -> Int? {
            try await ViewRefreshStore(postgres: postgres).lastRefresh(of: view)?.refreshCount
        }

        static func total(_ view: StatsView, _ postgres: PostgresClient) async throws -> Int? {
            try await postgres.query("SELECT total FROM \(identifier: view.schema).totals").first?.decode(Int.self, column: "total")
        }

        static func drop(_ view: StatsView, _ postgres: PostgresClient, _ holder: PostgresClient) async {
            _ = try? await postgres.execute("DROP SCHEMA \(identifier: view.schema) CASCADE")
            _ = try? await postgres.execute("DELETE FROM stats.view_refreshes WHERE view = \(view.name)")
            await holder.close()
            await postgres.close()
        }

        static func close(_ worker: PrivateWorker, _ seeds: StatsSeeds, _ postgres: PostgresClient) async {
            await worker.close()
            await seeds.removeAll()
            await postgres.close()
        }
    }
}
