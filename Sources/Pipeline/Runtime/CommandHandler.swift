/// Handles one command type. Handlers must be idempotent: a command can be delivered more than
/// once (at-least-once), so PostgreSQL effects go through `Inbox.once`, and effects outside
/// PostgreSQL (SMTP, Redis) must tolerate a repeat within the narrow window documented there.
public protocol CommandHandler: Sendable {
    associatedtype Input: Command
    /// Returns when the command's effects are done; throws `HandlerFailure` (or any error,
    /// classified by `FailureClassifier`) otherwise.
    func handle(_ command: Input, context: HandlerContext) async throws
}
