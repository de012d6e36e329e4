import Pipeline
import Platform

/// The stats worker's configuration, read once at startup.
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `STATS_REFRESH_CRON` | when every registered view is refreshed regardless of requests (five-field cron, UTC) | `0 */6 * * *` (every 6 h) |
public struct StatsSettings: Sendable {
    public static let defaultRefreshCron = "0 */6 * * *"

    /// The scheduled refresh of every view: a safety net that bounds how stale a view can get when
    /// no domain event asks for a refresh (or one was judged covered too early, see `StatsRefresher`).
    public var refreshSchedule: CronSchedule

    public init(refreshSchedule: CronSchedule) {
        self.refreshSchedule = refreshSchedule
    }

    /// - Throws: `ConfigurationError` naming `STATS_REFRESH_CRON` and the cron field at fault.
    public init(environment env: EnvironmentReader = EnvironmentReader()) throws {
        do {
            refreshSchedule = try CronSchedule(env.string("STATS_REFRESH_CRON", default: Self.defaultRefreshCron))
        } catch let error as SchedulingError {
            throw ConfigurationError(variable: "STATS_REFRESH_CRON", reason: "must be a five-field cron expression in UTC (\(error))")
        }
    }

    /// One recurring `RefreshStats` per registered view, named `stats-refresh:<view>`. One command
    /// per view rather than one for all: each view coalesces, fails and retries on its own.
    public func recurringRefreshes(of registry: StatsViewRegistry = .relais) -> [RecurringCommand] {
        registry.views.map { view in
            RecurringCommand(name: "stats-refresh:\(view.name)", schedule: refreshSchedule) { _ in RefreshStats(view) }
        }
    }
}
