import Foundation
import PostgresClient
import Stats

/// Reads `billing.revenue_daily`, the materialized view of revenue per UTC day × course and
/// day × plan that the `stats` worker refreshes after payments and refunds (migration 0013).
/// Periods are summed from its days here, at read time.
public struct RevenueStore: Sendable {
    /// The per-course breakdown lists the courses with the highest net revenue first, this many.
    public static let breakdownLimit = 100

    let postgres: PostgresClient
    let refreshes: ViewRefreshStore

    public init(postgres: PostgresClient) {
        self.postgres = postgres
        refreshes = ViewRefreshStore(postgres: postgres)
    }

    /// `currency`'s revenue over the last `period.days` UTC days (today included) and the same
    /// number of days before them.
    /// - Parameter currency: an upper-case ISO 4217 code (checked by the route).
    /// - Throws: `PostgresError`.
    public func report(period: RevenuePeriod, currency: String) async throws -> RevenueReport {
        let bounds = try await self.bounds(days: period.days)
        let series = try await postgres.query("""
            SELECT to_char(d.day, 'YYYY-MM-DD') AS day, \(fragment: RevenueFigures.sums)
            FROM (SELECT \(bounds.from)::date + i AS day FROM generate_series(0, \(period.days)::integer - 1) AS i) d
            LEFT JOIN billing.revenue_daily r ON r.day = d.day AND r.currency = \(currency)
            GROUP BY d.day ORDER BY d.day
            """).map { RevenueReport.Day(date: try $0.decode(String.self, column: "day"), figures: try RevenueFigures(row: $0)) }
        let previous = try await postgres.query("""
            SELECT \(fragment: RevenueFigures.sums) FROM billing.revenue_daily r
            WHERE r.currency = \(currency) AND r.day BETWEEN \(bounds.previousFrom)::date AND \(bounds.previousTo)::date
            """).first.map(RevenueFigures.init(row:)) ?? RevenueFigures()
        let courses = try await postgres.query("""
            SELECT r.source_key::uuid AS course_id, c.title, \(fragment: RevenueFigures.sums)
            FROM billing.revenue_daily r LEFT JOIN academy.courses c ON c.id::text = r.source_key
            WHERE r.source = 'course' AND r.currency = \(currency) AND r.day BETWEEN \(bounds.from)::date AND \(bounds.to)::date
            GROUP BY r.source_key, c.title ORDER BY net DESC, r.source_key LIMIT \(Self.breakdownLimit)
            """).map {
                RevenueReport.Course(courseID: try $0.decode(UUID.self, column: "course_id"), title: try $0.decode(String?.self, column: "title"),
                                     figures: try RevenueFigures(row: $0))
            }
        let plans = try await postgres.query("""
            SELECT r.source_key AS plan, \(fragment: RevenueFigures.sums)
            FROM billing.revenue_daily r
            WHERE r.source = 'plan' AND r.currency = \(currency) AND r.day BETWEEN \(bounds.from)::date AND \(bounds.to)::date
            GROUP BY r.source_key ORDER BY net DESC, r.source_key
            """).map { RevenueReport.Plan(plan: try $0.decode(String.self, column: "plan"), figures: try RevenueFigures(row: $0)) }
        let total = series.reduce(RevenueFigures()) { $0 + $1.figures }
        return RevenueReport(
            period: period.rawValue, currency: currency, from: bounds.from, to: bounds.to,
            refreshedAt: try await refreshes.lastRefresh(of: .billingRevenueDaily)?.lastStartedAt,
            total: total, previousTotal: previous,
            growthPercent: RevenueReport.growthPercent(current: total.netAmount, previous: previous.netAmount),
            series: series, byCourse: courses, byPlan: plans)
    }

    /// The period's days and the previous period's, as `YYYY-MM-DD`, from PostgreSQL's clock in
    /// UTC, computed once so every query of a report uses the same days even across midnight.
    private func bounds(days: Int) async throws -> (from: String, to: String, previousFrom: String, previousTo: String) {
        guard let row = try await postgres.query("""
            SELECT to_char(today - (\(days)::integer - 1), 'YYYY-MM-DD') AS period_from, to_char(today, 'YYYY-MM-DD') AS period_to,
                   to_char(today - (2 * \(days)::integer - 1), 'YYYY-MM-DD') AS previous_from,
                   to_char(today - \(days)::integer, 'YYYY-MM-DD') AS previous_to
            FROM (SELECT (now() AT TIME ZONE 'UTC')::date AS today) t
            """).first else { throw PostgresError(code: .decoding) }
        return (try row.decode(String.self, column: "period_from"), try row.decode(String.self, column: "period_to"),
                try row.decode(String.self, column: "previous_from"), try row.decode(String.self, column: "previous_to"))
    }
}
