/// A record to produce. Records with the same key land in the same partition (librdkafka's
/// default consistent-random partitioner), which keeps them in order.
public struct KafkaOutgoingMessage: Sendable {
    public var topic: String
    /// `nil` for an unkeyed record (spread over partitions); `[]` is an empty, non-null key.
    public var key: [UInt8]?
    public var value: [UInt8]
    public var headers: [KafkaHeader]

    public init(topic: String, key: [UInt8]? = nil, value: [UInt8], headers: [KafkaHeader] = []) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
    }
}
