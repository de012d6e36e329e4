@testable import Billing
import Foundation
import Ingress
import Pipeline
import Platform
import PostgresClient
import Stats
@testable import StatsWorker
import Testing
import TestSupport

/// The pure parts: registry and its match with the database, schedule, failure mapping, growth
/// and the revenue query's validation.
@Suite("Stats rules")
struct StatsRulesTests {
    @Test("an unregistered view name (even SQL-looking) is a permanent unknown_view failure; registered names resolve")
    func unknownViewsArePermanent() throws {
        let registry = StatsViewRegistry.relais
        #expect(try registry.view(for: .academyCourses) == .academyCourseStats)
        #expect(try registry.view(for: .billingRevenue) == .billingRevenueDaily)
        for name in ["identity.users", "academy.course_stats; DROP TABLE academy.courses", "", "*", "ACADEMY.COURSE_STATS"] {
            #expect(throws: StatsError.unknownView(name)) { try registry.view(for: RefreshStats(view: name)) }
            let failure = RefreshStatsHandler.failure(.unknownView(name))
            #expect(failure.kind == .permanent)
            #expect(failure.code == "unknown_view")
        }
    }

    @Test("a busy view is a retryable failure that the stats.refresh topic retries with backoff, not a dead letter")
    func busyIsRetried() throws {
        let failure = RefreshStatsHandler.failure(.refreshInProgress(.academyCourseStats))
        #expect(failure.kind == .retryable)
        #expect(failure.code == "refresh_in_progress")
        let catalogue = try TopicCatalogue.load(path: TestStack.repositoryRoot.appendingPathComponent("topics.yaml").path)
        let topic = try #require(catalogue.topic(forCommand: RefreshStats.commandType.name))
        #expect(topic.name == "stats.refresh")
        #expect(topic.partitions == 1)
        guard case .retry = FailureDecision.decide(failure, attempt: 1, policy: topic.retry, hasRetryTopic: true, unit: 0.5) else {
            Issue.record("a busy refresh must be retried")
            return
        }
    }

    @Test("every registered view is a populated materialized view with a plain unique index (so CONCURRENTLY works) and a refresh log row")
    func registryMatchesTheDatabase() async throws {
        let postgres = try await TestClients.migratedPostgres()
        defer { Task { await postgres.close() } }
        #expect(Set(StatsViewRegistry.relais.views.map(\.name)).count == StatsViewRegistry.relais.views.count)
        for view in StatsViewRegistry.relais.views {
            let row = try #require(try await postgres.query("""
                SELECT m.ispopulated,
                       EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                               WHERE n.nspname = \(view.schema) AND c.relname = \(view.relation)
                                 AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL) AS has_unique_index,
                       EXISTS (SELECT 1 FROM stats.view_refreshes WHERE view = \(view.name)) AS logged
                FROM pg_matviews m WHERE m.schemaname = \(view.schema) AND m.matviewname = \(view.relation)
                """).first, "\(view) is not a materialized view")
            #expect(try row.decode(Bool.self, column: "ispopulated"), "\(view)")
            #expect(try row.decode(Bool.self, column: "has_unique_index"), "\(view)")
            #expect(try row.decode(Bool.self, column: "logged"), "\(view)")
        }
    }

    @Test("every view is refreshed every 6 h by default (00, 06, 12, 18 UTC), one recurring command per view; STATS_REFRESH_CRON changes it")
    func schedule() throws {
        let settings = try StatsSettings(environment: EnvironmentReader([:]))
        #expect(settings.refreshSchedule.expression == "0 */6 * * *")
        let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
        var slots: [Date] = []
        var cursor = start
        for _ in 0..<4 {
            cursor = try #require(settings.refreshSchedule.next(after: cursor))
            slots.append(cursor)
        }
        #expect(slots.map { $0.timeIntervalSince(start) / 3600 } == [6, 12, 18, 24])

        let recurring = settings.recurringRefreshes()
        #expect(recurring.map(\.name) == StatsViewRegistry.relais.views.map { "stats-refresh:\($0.name)" })
        for (command, view) in zip(recurring, StatsViewRegistry.relais.views) {
            #expect(command.topic.name == "stats.refresh")
            #expect(try command.makeEnvelope(start).decode(RefreshStats.self) == RefreshStats(view))
        }

        #expect(try StatsSettings(environment: EnvironmentReader(["STATS_REFRESH_CRON": "*/15 * * * *"])).refreshSchedule.expression == "*/15 * * * *")
        do {
            _ = try StatsSettings(environment: EnvironmentReader(["STATS_REFRESH_CRON": "every six hours"]))
            Issue.record("a malformed cron must stop startup")
        } catch let error as ConfigurationError {
            #expect(error.variable == "STATS_REFRESH_CRON")
        }
    }

    @Test("growth is (current − previous) / |previous| in percent with one decimal, and unknown (nil) when the previous period is 0")
    func growth() {
        #expect(RevenueReport.growthPercent(current: 5_790, previous: 4_700) == 23.2)
        #expect(RevenueReport.growthPercent(current: 1_000, previous: 2_000) == -50)
        #expect(RevenueReport.growthPercent(current: 0, previous: 0) == nil)
        #expect(RevenueReport.growthPercent(current: 500, previous: 0) == nil)
        #expect(RevenueReport.growthPercent(current: 0, previous: -100) == 100)
    }

    @Test("revenue query: period defaults to 30d and must be 7d, 30d, 90d or 1y; currency defaults to the billing currency and must be 3 letters")
    func revenueQuery() throws {
        let parsed = try RevenueRoutes.parse(period: nil, currency: nil, defaultCurrency: "EUR")
        #expect(parsed.0 == .month)
        #expect(parsed.1 == "EUR")
        let yearly = try RevenueRoutes.parse(period: "1y", currency: "usd", defaultCurrency: "EUR")
        #expect(yearly.0 == .year)
        #expect(yearly.1 == "USD")
        #expect(RevenuePeriod.allCases.map(\.days) == [7, 30, 90, 365])
        for (period, currency, fields) in [("14d", nil, ["period"]), ("", nil, ["period"]), ("7D", "EUR", ["period"]),
                                           ("7d", "EURO", ["currency"]), ("week", "€", ["period", "currency"])] as [(String, String?, [String])] {
            do {
                _ = try RevenueRoutes.parse(period: period, currency: currency, defaultCurrency: "EUR")
                Issue.record("\(period) / \(currency ?? "-") must be refused")
            } catch let error as APIError {
                #expect(error.status == .badRequest)
                #expect(error.details.map(\.field) == fields)
            }
        }
    }
}
