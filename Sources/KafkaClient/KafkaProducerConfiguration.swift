/// Settings of a `KafkaProducer`. The producer always runs with `enable.idempotence=true` and
/// `acks=all`: a send that returns was written once, in order, to every in-sync replica.
public struct KafkaProducerConfiguration: Sendable {
    /// Comma-separated `host:port` bootstrap list.
    public var brokers: String
    public var clientID: String = "relais"
    /// How long a send may wait for its acknowledgement, retries included, before it throws
    /// `KafkaError.Code.timedOut` (`message.timeout.ms`).
    public var messageTimeout: Duration = .seconds(10)
    /// How long librdkafka waits to fill a batch (`linger.ms`).
    public var lingerMilliseconds: Int = 5
    /// How many sends may await their acknowledgement at once; further sends wait for room.
    public var maxInFlightMessages: Int = 100_000
    /// Any other librdkafka property; applied last, so it can override the above, except
    /// idempotence and acks.
    public var extra: [String: String] = [:]

    public init(brokers: String) {
        self.brokers = brokers
    }

    func properties() -> [(String, String)] {
        var properties: [(String, String)] = [
            ("bootstrap.servers", brokers),
            ("client.id", clientID),
            ("message.timeout.ms", String(messageTimeout.wholeMilliseconds)),
            ("linger.ms", String(lingerMilliseconds)),
        ]
        properties += extra.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        properties += [("enable.idempotence", "true"), ("acks", "all")]
        return properties
    }
}
