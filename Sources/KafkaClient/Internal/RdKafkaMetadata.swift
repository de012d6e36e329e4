import CRdKafka

/// Owns one `rd_kafka_metadata` answer; `topics` copies what we need out of it.
final class RdKafkaMetadata {
    private let pointer: UnsafePointer<rd_kafka_metadata>

    init(taking pointer: UnsafePointer<rd_kafka_metadata>) {
        self.pointer = pointer
    }

    deinit {
        rd_kafka_metadata_destroy(pointer)
    }

    /// Topic name → partition count, for the topics the broker reported without error.
    var topics: [String: Int32] {
        guard let topics = pointer.pointee.topics else { return [:] }
        var result: [String: Int32] = [:]
        for index in 0..<Int(pointer.pointee.topic_cnt) {
            let topic = topics[index]
            guard topic.err == RD_KAFKA_RESP_ERR_NO_ERROR, let name = topic.topic else { continue }
            result[String(cString: name)] = topic.partition_cnt
        }
        return result
    }
}
