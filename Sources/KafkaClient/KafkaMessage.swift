import Foundation

/// A consumed record, copied out of librdkafka's memory.
public struct KafkaMessage: Sendable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    /// `nil` when the record has no key.
    public var key: [UInt8]?
    /// The payload; `[]` for an empty or null (tombstone) value.
    public var value: [UInt8]
    /// Headers in record order; a key may repeat.
    public var headers: [KafkaHeader]
    /// The record timestamp, when the broker reported one.
    public var timestamp: Date?

    public init(
        topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8],
        headers: [KafkaHeader], timestamp: Date?
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }

    /// The value of the last header named `key`, as Kafka clients conventionally read headers.
    public func header(_ key: String) -> [UInt8]? {
        headers.last(where: { $0.key == key })?.value
    }

    /// The partition this message came from.
    public var topicPartition: KafkaTopicPartition {
        KafkaTopicPartition(topic: topic, partition: partition)
    }
}
