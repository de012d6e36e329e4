import Foundation

/// What `StatsRefresher` did with one refresh request.
public enum RefreshOutcome: Sendable, Equatable {
    /// A refresh that started at `startedAt`, at or after the request was issued, already holds
    /// the change the request announces: nothing to do.
    case covered(by: Date)
    /// This call refreshed the view; its data holds every change committed before `startedAt`.
    case refreshed(startedAt: Date, milliseconds: Int)
    /// Another worker is refreshing the view; the request may not be covered by it (it was issued
    /// after that refresh started, or that refresh may fail), so it must be retried later.
    case busy
}
