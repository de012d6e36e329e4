/// What can go wrong in the stats module, with a stable code and whether a retry can help. The
/// description is safe to log and to store with a dead letter.
public struct StatsError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Code: String, Sendable {
        /// The command names a view the registry does not have: no retry will find it.
        case unknownView = "unknown_view"
        /// Another worker process is refreshing the view right now: retry later, by which time the
        /// request is usually covered by that refresh.
        case refreshInProgress = "refresh_in_progress"
    }

    public let code: Code
    public let isRetryable: Bool
    public let description: String

    public static func unknownView(_ name: String) -> StatsError {
        // The name comes from a command; cap it so a hostile payload cannot flood the logs.
        StatsError(code: .unknownView, isRetryable: false,
                   description: "no statistics view named '\(name.prefix(100))' is registered")
    }

    public static func refreshInProgress(_ view: StatsView) -> StatsError {
        StatsError(code: .refreshInProgress, isRetryable: true,
                   description: "\(view.name) is being refreshed by another worker")
    }
}
