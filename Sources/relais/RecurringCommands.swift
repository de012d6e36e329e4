import Pipeline
import Privacy
import Stats

/// Recurring commands emitted by the scheduler (cron, UTC): the RGPD erasure sweep (daily) and the
/// refresh of every statistics view (every 6 h by default, `STATS_REFRESH_CRON`).
enum RecurringCommands {
    /// - Parameter stats: the stats settings (`STATS_REFRESH_CRON`): one refresh per registered view.
    static func all(stats: StatsSettings) -> [RecurringCommand] {
        [privacySweep] + stats.recurringRefreshes()
    }

    /// The RGPD sweep, daily at 03:15 UTC (a quiet hour in Europe): erasures of requests whose
    /// grace period ended, and expired export documents forgotten.
    static let privacySweep = RecurringCommand(name: "privacy-sweep", schedule: try! CronSchedule("15 3 * * *")) { slot in
        SweepDeletionRequests(slot: slot)
    }
}
