import Foundation
import PostgresClient

/// The last refresh of one view, from `stats.view_refreshes`.
public struct ViewRefresh: Sendable, Equatable {
    /// The view's name (`StatsView.name`).
    public let view: String
    /// When the last refresh began: the view holds every change committed before this moment.
    public let lastStartedAt: Date
    public let lastFinishedAt: Date
    /// Refreshes the worker ran since the view was created (the migration's initial fill is 0).
    public let refreshCount: Int
    public let lastDurationMilliseconds: Int

    init(row: PostgresRow) throws {
        view = try row.decode(String.self, column: "view")
        lastStartedAt = try row.decode(Date.self, column: "last_started_at")
        lastFinishedAt = try row.decode(Date.self, column: "last_finished_at")
        refreshCount = try row.decode(Int.self, column: "refresh_count")
        lastDurationMilliseconds = try row.decode(Int.self, column: "last_duration_ms")
    }

    static let columns: PostgresQuery = "view, last_started_at, last_finished_at, refresh_count, last_duration_ms"
}
