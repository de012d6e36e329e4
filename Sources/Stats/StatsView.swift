/// A materialized view the `stats` worker keeps fresh. Each has a UNIQUE index over plain
/// columns, so it can be refreshed CONCURRENTLY (readers never wait for a refresh).
///
/// Views are declared in code, next to the migration that creates them, and listed in
/// `StatsViewRegistry`: a refresh request names a view, and only names found there ever reach
/// SQL (as quoted identifiers, never as text from a request).
public struct StatsView: Sendable, Hashable, CustomStringConvertible {
    /// The PostgreSQL schema, e.g. `academy`.
    public let schema: String
    /// The view's name inside its schema, e.g. `course_stats`.
    public let relation: String
    /// What the view answers, for operators (`docs/stats.md`, logs).
    public let purpose: String

    public init(schema: String, relation: String, purpose: String) {
        self.schema = schema
        self.relation = relation
        self.purpose = purpose
    }

    /// `schema.relation`: the name commands, logs and `stats.view_refreshes` use.
    public var name: String { "\(schema).\(relation)" }

    public var description: String { name }

    /// Per course: enrolments, completions, completion rate, average rating, reviews (migration 0013).
    public static let academyCourseStats = StatsView(
        schema: "academy", relation: "course_stats",
        purpose: "per course: enrollments, completions, completion rate, average rating, reviews count")

    /// Per UTC day × course and day × subscription plan: gross, refunded and net amounts in minor
    /// units per currency, payments and refunds (migration 0013).
    public static let billingRevenueDaily = StatsView(
        schema: "billing", relation: "revenue_daily",
        purpose: "per day and course / plan: gross, refunded and net revenue in minor units, payments and refunds")
}
