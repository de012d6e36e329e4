import CRdKafka

/// Owns the `rd_kafka_NewTopic_t` objects of one CreateTopics request.
final class RdKafkaNewTopics {
    private let objects = RdKafkaObjectArray { rd_kafka_NewTopic_destroy($0) }

    init(_ specs: [KafkaTopicSpec]) throws {
        for spec in specs {
            var text = [CChar](repeating: 0, count: 512)
            guard let topic = rd_kafka_NewTopic_new(
                spec.name, spec.partitions, Int32(spec.replicationFactor), &text, text.count
            ) else {
                let reason = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                throw KafkaError(
                    code: .invalidArgument, isRetryable: false,
                    description: "createTopics '\(spec.name)': \(reason)"
                )
            }
            objects.append(topic)
            for (key, value) in spec.configs.sorted(by: { $0.key < $1.key }) {
                let err = rd_kafka_NewTopic_set_config(topic, key, value)
                guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    throw KafkaError(err, context: "createTopics '\(spec.name)' config '\(key)'")
                }
            }
        }
    }

    func withPointers<T>(_ body: (UnsafeMutablePointer<OpaquePointer?>, Int) throws -> T) rethrows -> T {
        try objects.withPointers(body)
    }
}
