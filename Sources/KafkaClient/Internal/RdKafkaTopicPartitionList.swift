import CRdKafka

/// Owns one `rd_kafka_topic_partition_list_t` built by us or returned to us by librdkafka.
/// Lists lent to callbacks (rebalance) are not owned: read them with `partitions(borrowing:)`.
final class RdKafkaTopicPartitionList {
    private let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    init(taking pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        self.pointer = pointer
    }

    /// - Parameter offsets: the offset of each partition, or nil to leave librdkafka's default.
    init?(_ partitions: [KafkaTopicPartition], offsets: [Int64]? = nil) {
        guard let pointer = rd_kafka_topic_partition_list_new(Int32(clamping: partitions.count)) else { return nil }
        self.pointer = pointer
        for (index, partition) in partitions.enumerated() {
            guard let element = rd_kafka_topic_partition_list_add(pointer, partition.topic, partition.partition) else {
                continue
            }
            if let offsets { element.pointee.offset = offsets[index] }
        }
    }

    deinit {
        rd_kafka_topic_partition_list_destroy(pointer)
    }

    func withPointer<T>(_ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) throws -> T) rethrows -> T {
        try body(pointer)
    }

    var partitions: [KafkaTopicPartition] { Self.partitions(borrowing: pointer) }

    /// The first per-partition error librdkafka set, if any.
    var firstError: rd_kafka_resp_err_t? {
        guard let elements = pointer.pointee.elems else { return nil }
        for index in 0..<Int(pointer.pointee.cnt) where elements[index].err != RD_KAFKA_RESP_ERR_NO_ERROR {
            return elements[index].err
        }
        return nil
    }

    static func partitions(borrowing list: UnsafePointer<rd_kafka_topic_partition_list_t>?) -> [KafkaTopicPartition] {
        guard let list, let elements = list.pointee.elems else { return [] }
        return (0..<Int(list.pointee.cnt)).map { index in
            KafkaTopicPartition(
                topic: elements[index].topic.map { String(cString: $0) } ?? "",
                partition: elements[index].partition
            )
        }
    }
}
