/// How a handler says a command failed. Anything else a handler throws is classified by
/// `FailureClassifier` (dependency errors are retryable, malformed input is permanent).
public struct HandlerFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Might succeed later (a dependency is down, a lock timed out): retry with backoff.
        case retryable
        /// Will never succeed (invalid data, unknown entity): dead-letter at once.
        case permanent
        /// The process cannot work (configuration, lost schema): stop without committing, so the
        /// command is redelivered to a healthy process.
        case fatal
    }

    public let kind: Kind
    /// Stable machine-readable code, e.g. `smtp_unavailable`, `user_not_found`.
    public let code: String
    /// Safe to log and to store with a dead letter: no personal data, secrets or payloads.
    public let message: String

    public init(_ kind: Kind, code: String, message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    public static func retryable(_ code: String, _ message: String) -> HandlerFailure { .init(.retryable, code: code, message: message) }
    public static func permanent(_ code: String, _ message: String) -> HandlerFailure { .init(.permanent, code: code, message: message) }
    public static func fatal(_ code: String, _ message: String) -> HandlerFailure { .init(.fatal, code: code, message: message) }

    public var description: String { "\(kind.rawValue) \(code): \(message)" }
}
