import Pipeline

/// Recurring commands emitted by the scheduler (cron, UTC). The stats refresh (every 6 h) and the
/// RGPD erasure sweep (daily) join this list with their command types (docs/ROADMAP.md).
enum RecurringCommands {
    static let all: [RecurringCommand] = []
}
