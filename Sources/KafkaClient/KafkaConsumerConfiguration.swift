/// Settings of a `KafkaConsumer`.
///
/// Offsets: the consumer runs with `enable.auto.commit=true` and `enable.auto.offset.store=false`.
/// Nothing is marked processed until you call `KafkaConsumer.storeOffset(_:)`; stored offsets are
/// committed in the background (`auto.commit.interval.ms`, 5 s by default), when partitions are
/// revoked, on `commit()` and on `close()`. Delivery is therefore at-least-once.
public struct KafkaConsumerConfiguration: Sendable {
    /// Where a group with no committed offset for a partition starts reading.
    public enum AutoOffsetReset: String, Sendable {
        case earliest
        case latest
    }

    /// Comma-separated `host:port` bootstrap list.
    public var brokers: String
    public var groupID: String
    public var clientID: String = "relais"
    /// How long the group waits for a silent member before rebalancing (`session.timeout.ms`).
    public var sessionTimeout: Duration = .seconds(10)
    public var heartbeatInterval: Duration = .seconds(3)
    /// The longest a fetch waits at the broker for data (`fetch.wait.max.ms`); give latency
    /// sensitive topics their own consumer with a small value.
    public var fetchWaitMax: Duration = .milliseconds(500)
    public var autoOffsetReset: AutoOffsetReset = .earliest
    /// How many messages the poll thread buffers ahead of the application before it stops polling.
    public var messageBufferSize: Int = 4096
    /// Any other librdkafka property (e.g. `partition.assignment.strategy`); applied last, except
    /// the offset-handling settings above, which the consumer relies on.
    public var extra: [String: String] = [:]

    public init(brokers: String, groupID: String) {
        self.brokers = brokers
        self.groupID = groupID
    }

    func properties() -> [(String, String)] {
        var properties: [(String, String)] = [
            ("bootstrap.servers", brokers),
            ("group.id", groupID),
            ("client.id", clientID),
            ("session.timeout.ms", String(sessionTimeout.wholeMilliseconds)),
            ("heartbeat.interval.ms", String(heartbeatInterval.wholeMilliseconds)),
            ("fetch.wait.max.ms", String(fetchWaitMax.wholeMilliseconds)),
            ("auto.offset.reset", autoOffsetReset.rawValue),
            ("enable.partition.eof", "false"),
        ]
        properties += extra.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        properties += [("enable.auto.commit", "true"), ("enable.auto.offset.store", "false")]
        return properties
    }
}
