/// The one error type of `KafkaClient`.
///
/// `description` is safe to log: it names the operation, the librdkafka error and at most a topic
/// name, never a payload, a key or a configuration value.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, coarse enough to branch on.
    public enum Code: Sendable, Hashable {
        /// A message, request or operation did not complete in time.
        case timedOut
        /// No broker could be reached, or the broker for a partition is not available.
        case brokerUnavailable
        /// The topic or partition does not exist.
        case unknownTopic
        /// `createTopics` found the topic already there (reported per topic, never thrown).
        case topicAlreadyExists
        /// A configuration property is unknown or its value is rejected.
        case invalidConfiguration
        /// An argument is invalid (empty topic list, bad partition count, ...).
        case invalidArgument
        /// The message is larger than the producer or broker allows.
        case messageTooLarge
        /// The partition is not (or no longer) assigned to this consumer, e.g. after a rebalance.
        case notAssigned
        /// The broker does not implement the request.
        case unsupported
        /// The client was closed, or is closing, before the operation could complete.
        case closed
        /// Any other librdkafka or broker error, by its `rd_kafka_resp_err_t` value.
        case other(Int32)
    }

    /// What went wrong.
    public var code: Code
    /// Whether retrying the same operation later may succeed.
    public var isRetryable: Bool
    /// A message safe to log.
    public var description: String

    /// Creates an error; `KafkaClient` builds these, callers rarely need to.
    public init(code: Code, isRetryable: Bool, description: String) {
        self.code = code
        self.isRetryable = isRetryable
        self.description = description
    }

    static func closed(_ operation: String) -> KafkaError {
        KafkaError(code: .closed, isRetryable: false, description: "\(operation): the client is closed")
    }
}
