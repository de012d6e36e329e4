import Pipeline

/// "The data behind this statistics view changed": the `stats` worker (issue 9) refreshes the
/// named materialized view, coalescing bursts. Keyed by view so refreshes of one view never
/// overlap.
public struct RefreshStats: Command, Equatable {
    public static let commandType = CommandType("RefreshStats", topic: "stats.refresh")

    /// The view the change affects, e.g. `academy.course_stats`.
    public var view: String

    public init(view: String) {
        self.view = view
    }

    /// Academy's course statistics (enrolments, completions, ratings per course).
    public static let academyCourses = RefreshStats(view: "academy.course_stats")

    public var orderingKey: String { view }
}
