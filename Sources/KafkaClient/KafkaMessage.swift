import Foundation

/// A consumed record, copied out of librdkafka's memory.
///
/// The fields live in one shared, copy-on-write box: a record is copied several times on its
/// way from the poll thread to a handler (buffer, lane batch, settled position), and a copy is
/// then one reference count instead of one per field.
public struct KafkaMessage: Sendable {
    // Shared between copies; `mutableFields()` makes it unique before any write.
    private final class Fields: @unchecked Sendable {
        var topic: String
        var partition: Int32
        var offset: Int64
        var key: [UInt8]?
        var value: [UInt8]
        var headers: KafkaHeaderList
        var timestamp: Date?

        init(topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8], headers: KafkaHeaderList, timestamp: Date?) {
            self.topic = topic
            self.partition = partition
            self.offset = offset
            self.key = key
            self.value = value
            self.headers = headers
            self.timestamp = timestamp
        }

        func copy() -> Fields {
            Fields(topic: topic, partition: partition, offset: offset, key: key, value: value, headers: headers, timestamp: timestamp)
        }
    }

    private var fields: Fields

    public init(
        topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8],
        headers: [KafkaHeader], timestamp: Date?
    ) {
        self.init(topic: topic, partition: partition, offset: offset, key: key, value: value,
                  headerList: KafkaHeaderList(headers), timestamp: timestamp)
    }

    public init(
        topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8],
        headerList: KafkaHeaderList, timestamp: Date?
    ) {
        fields = Fields(topic: topic, partition: partition, offset: offset, key: key, value: value, headers: headerList, timestamp: timestamp)
    }

    private mutating func mutableFields() -> Fields {
        if !isKnownUniquelyReferenced(&fields) { fields = fields.copy() }
        return fields
    }

    public var topic: String {
        get { fields.topic }
        set { mutableFields().topic = newValue }
    }

    public var partition: Int32 {
        get { fields.partition }
        set { mutableFields().partition = newValue }
    }

    public var offset: Int64 {
        get { fields.offset }
        set { mutableFields().offset = newValue }
    }

    /// `nil` when the record has no key.
    public var key: [UInt8]? {
        get { fields.key }
        set { mutableFields().key = newValue }
    }

    /// The payload; `[]` for an empty or null (tombstone) value.
    public var value: [UInt8] {
        get { fields.value }
        set { mutableFields().value = newValue }
    }

    /// Headers in record order; a key may repeat. Copies: `headerList` reads them in place.
    public var headers: [KafkaHeader] {
        get { fields.headers.headers }
        set { mutableFields().headers = KafkaHeaderList(newValue) }
    }

    /// The headers as received, read without copying.
    public var headerList: KafkaHeaderList { fields.headers }

    /// The record timestamp, when the broker reported one.
    public var timestamp: Date? {
        get { fields.timestamp }
        set { mutableFields().timestamp = newValue }
    }

    /// The value of the last header named `key`, as Kafka clients conventionally read headers.
    public func header(_ key: String) -> [UInt8]? {
        fields.headers.last(named: key).map(Array.init)
    }

    /// The partition this message came from.
    public var topicPartition: KafkaTopicPartition {
        KafkaTopicPartition(topic: fields.topic, partition: fields.partition)
    }
}
