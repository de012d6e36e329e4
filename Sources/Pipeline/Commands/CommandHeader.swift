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
}
