import Foundation
import Platform

/// A command emitted on a cron schedule (stats refresh every 6 h, the daily RGPD erasure sweep).
///
/// The process passes its list to `CommandScheduler`; the cron text usually comes from
/// configuration. Each `(name, slot)` is emitted at most once across all processes. The name is
/// the identity recorded in PostgreSQL (`pipeline.recurring_schedules`): renaming a recurring
/// command starts it afresh.
///
/// A command seen for the first time starts with the slot after the current one. When no
/// scheduler ran across several slots (an outage, a deploy), only the latest missed slot is
/// emitted, as soon as a leader runs again, and a warning names the first slot skipped: these
/// commands refresh state as of now, so a burst of catch-up runs would only repeat work.
public struct RecurringCommand: Sendable {
    /// Unique among the recurring commands of the deployment, e.g. `stats-refresh`.
    public let name: String
    public let schedule: CronSchedule
    public let topic: TopicName
    /// Builds the envelope for one slot; called only when that slot is about to be emitted.
    public let makeEnvelope: @Sendable (_ slot: Date) throws -> CommandEnvelope

    /// A recurring command built as a raw envelope for each slot.
    public init(name: String, schedule: CronSchedule, topic: TopicName,
                makeEnvelope: @escaping @Sendable (_ slot: Date) throws -> CommandEnvelope) {
        self.name = name
        self.schedule = schedule
        self.topic = topic
        self.makeEnvelope = makeEnvelope
    }

    /// A recurring command whose payload `command(slot)` builds; it travels on the command type's
    /// topic with `actor` and a new root trace per slot.
    public init<C: Command>(name: String, schedule: CronSchedule, actor: String = "system:scheduler",
                            command: @escaping @Sendable (_ slot: Date) throws -> C) {
        self.init(name: name, schedule: schedule, topic: C.commandType.topic) { slot in
            try CommandEnvelope(try command(slot), actor: actor, traceparent: .random())
        }
    }

    /// Rejects an empty or duplicated name, which would make two commands share one slot record.
    /// - Throws: `SchedulingError` (`invalid_recurring_command`).
    static func validate(_ commands: [RecurringCommand]) throws {
        var seen: Set<String> = []
        for command in commands {
            guard !command.name.isEmpty, command.name.count <= 200 else {
                throw SchedulingError(code: .invalidRecurringCommand, reason: "a recurring command name must have 1 to 200 characters")
            }
            guard seen.insert(command.name).inserted else {
                throw SchedulingError(code: .invalidRecurringCommand, reason: "recurring command \(command.name) is listed twice")
            }
        }
    }
}
