/// What the runner does with a failed command (pure; unit-tested).
public enum FailureDecision: Sendable, Equatable {
    /// Send it to the retry topic, to run again as attempt `attempt` no earlier than `after`.
    case retry(attempt: Int, after: Duration)
    /// Give up: dead-letter topic and index.
    case deadLetter
    /// Stop the process without committing the command.
    case stop

    /// - Parameters:
    ///   - attempt: the attempt that just failed (1 for the first delivery).
    ///   - unit: a random value in 0...1 for the backoff jitter.
    public static func decide(_ failure: HandlerFailure, attempt: Int, policy: RetryPolicy, hasRetryTopic: Bool,
                              unit: Double) -> FailureDecision {
        switch failure.kind {
        case .fatal:
            return .stop
        case .permanent:
            return .deadLetter
        case .retryable:
            guard hasRetryTopic, attempt < policy.attempts else { return .deadLetter }
            return .retry(attempt: attempt + 1, after: policy.backoff(afterAttempt: attempt, unit: unit))
        }
    }
}
