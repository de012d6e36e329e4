/// Errors of the pipeline module: publishing, envelopes, outbox and topic alignment.
/// `description` is safe to log: it never contains payloads, keys or personal data.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The broker did not acknowledge in time or is unreachable: the caller answers 503.
        case brokerUnavailable = "broker_unavailable"
        /// The command could not be serialised (a programming error).
        case encoding
        /// A consumed message is not a valid command envelope; retrying cannot fix it.
        case malformedEnvelope = "malformed_envelope"
        /// The command's topic is not in the catalogue.
        case unknownTopic = "unknown_topic"
        /// PostgreSQL failed while writing or shipping the outbox.
        case database
        /// The broker rejected a topic change that the catalogue asks for.
        case topicAlignment = "topic_alignment"
    }

    public let code: Code
    public let description: String

    public init(code: Code, description: String) {
        self.code = code
        self.description = description
    }

    public var isRetryable: Bool {
        switch code {
        case .brokerUnavailable, .database: return true
        case .encoding, .malformedEnvelope, .unknownTopic, .topicAlignment: return false
        }
    }
}
