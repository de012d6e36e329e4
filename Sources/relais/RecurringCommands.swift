import Pipeline
import Privacy

/// Recurring commands emitted by the scheduler (cron, UTC). The stats refresh (every 6 h) and the
/// RGPD erasure sweep (daily) join this list with their command types (docs/ROADMAP.md).
enum RecurringCommands {
    static let all: [RecurringCommand] = [privacySweep]

    /// The RGPD sweep, daily at 03:15 UTC (a quiet hour in Europe): erasures of requests whose
    /// grace period ended, and expired export documents forgotten.
    static let privacySweep = RecurringCommand(name: "privacy-sweep", schedule: try! CronSchedule("15 3 * * *")) { slot in
        SweepDeletionRequests(slot: slot)
    }
}
