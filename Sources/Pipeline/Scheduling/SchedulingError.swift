/// Errors of the command scheduler: a malformed cron expression, a bad recurring-command list, a
/// scheduled command that cannot be stored. `description` is safe to log: it names the cron field
/// and quotes only configuration text, never payloads or keys.
public struct SchedulingError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Code: String, Sendable {
        /// A cron expression does not parse; `field` says which part is wrong.
        case invalidCronExpression = "invalid_cron_expression"
        /// Two recurring commands share a name, or a name is empty.
        case invalidRecurringCommand = "invalid_recurring_command"
    }

    public let code: Code
    /// The cron field at fault (`minute`, `hour`, `day-of-month`, `month`, `day-of-week`), when any.
    public let field: String?
    public let reason: String

    public init(code: Code, field: String? = nil, reason: String) {
        self.code = code
        self.field = field
        self.reason = reason
    }

    /// Configuration mistakes: retrying cannot fix them.
    public var isRetryable: Bool { false }

    public var description: String {
        if let field { return "\(code.rawValue): \(field): \(reason)" }
        return "\(code.rawValue): \(reason)"
    }
}
