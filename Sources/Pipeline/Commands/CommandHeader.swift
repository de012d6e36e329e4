/// Kafka header names of the command envelope (DESIGN.md "Commands on Kafka").
public enum CommandHeader {
    public static let type = "relais-type"
    public static let id = "relais-id"
    public static let version = "relais-version"
    public static let attempt = "relais-attempt"
    public static let issuedAt = "relais-issued-at"
    public static let actor = "relais-actor"
    public static let traceparent = "traceparent"
    public static let contentType = "content-type"

    /// On retry topics: the earliest time (RFC 3339) the command may run again.
    public static let notBefore = "relais-not-before"
    /// On retry and dead-letter topics: where the command was first consumed from.
    public static let sourceTopic = "relais-source-topic"
    public static let sourcePartition = "relais-source-partition"
    public static let sourceOffset = "relais-source-offset"
    /// On retry and dead-letter topics: the first and the latest failure (RFC 3339).
    public static let firstFailureAt = "relais-first-failure-at"
    public static let lastFailureAt = "relais-last-failure-at"
    /// On dead-letter topics: why the command was given up (code and safe message).
    public static let errorCode = "relais-error-code"
    public static let errorMessage = "relais-error-message"
}
