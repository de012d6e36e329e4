import Foundation
import Logging
import Metrics
import Pipeline
import PostgresClient
import Stats

/// Handles `RefreshStats`: refreshes the named view unless a refresh that started after the
/// command was issued already covers it (`StatsRefresher`).
///
/// No inbox: a refresh is idempotent, and a redelivered command is covered by the refresh its
/// first delivery ran. A view name missing from the registry is a permanent error (the name
/// never reaches SQL); a view another process is refreshing is retried with the topic's backoff,
/// by when that refresh usually covers the command.
public struct RefreshStatsHandler: CommandHandler {
    let registry: StatsViewRegistry
    let refresher: StatsRefresher

    public init(postgres: PostgresClient, registry: StatsViewRegistry = .relais) {
        self.registry = registry
        self.refresher = StatsRefresher(postgres: postgres)
    }

    public func handle(_ command: RefreshStats, context: HandlerContext) async throws {
        let view: StatsView
        do {
            view = try registry.view(for: command)
        } catch let error as StatsError {
            throw Self.failure(error)
        }
        let outcome = try await refresher.refresh(view, requestedAt: context.issuedAt)
        Counter(label: "relais_stats_refresh_requests_total", dimensions: [("view", view.name), ("outcome", Self.label(outcome))])
            .increment()
        switch outcome {
        case .covered:
            break
        case let .refreshed(_, milliseconds):
            Timer(label: "relais_stats_refresh_seconds", dimensions: [("view", view.name)])
                .recordMilliseconds(milliseconds)
            context.logger.info("statistics view refreshed", metadata: ["view": "\(view.name)", "duration_ms": "\(milliseconds)"])
        case .busy:
            throw Self.failure(.refreshInProgress(view))
        }
    }

    /// The runtime's view of a stats error: retryable or permanent, with its code (pure).
    static func failure(_ error: StatsError) -> HandlerFailure {
        HandlerFailure(error.isRetryable ? .retryable : .permanent, code: error.code.rawValue, message: error.description)
    }

    static func label(_ outcome: RefreshOutcome) -> String {
        switch outcome {
        case .covered: "covered"
        case .refreshed: "refreshed"
        case .busy: "busy"
        }
    }
}
