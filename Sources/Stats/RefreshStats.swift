import Pipeline

/// "The data behind this statistics view changed": the `stats` worker refreshes the named
/// materialized view, coalescing bursts (see `StatsRefresher`). Keyed by view, on a one-partition
/// topic, so one worker process handles a view's requests in order.
public struct RefreshStats: Command, Equatable {
    public static let commandType = CommandType("RefreshStats", topic: "stats.refresh")

    /// The view the change affects, as `StatsView.name` spells it (e.g. `academy.course_stats`).
    /// The worker accepts only names of `StatsViewRegistry`; any other is a permanent error.
    public var view: String

    public init(view: String) {
        self.view = view
    }

    public init(_ view: StatsView) {
        self.view = view.name
    }

    /// Academy's course statistics (enrolments, completions, ratings per course).
    public static let academyCourses = RefreshStats(.academyCourseStats)

    /// Billing's daily revenue per course and per plan.
    public static let billingRevenue = RefreshStats(.billingRevenueDaily)

    public var orderingKey: String { view }
}
