import CRdKafka

/// Owns the `rd_kafka_ConfigResource_t` objects of one Describe/AlterConfigs request.
final class RdKafkaConfigResources {
    private let objects = RdKafkaObjectArray { rd_kafka_ConfigResource_destroy($0) }

    init(topics: [String]) throws {
        for topic in topics {
            guard let resource = rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic) else {
                throw KafkaError(code: .invalidArgument, isRetryable: false, description: "config resource '\(topic)'")
            }
            objects.append(resource)
        }
    }

    /// Adds SET operations to the first resource (IncrementalAlterConfigs).
    func setIncremental(_ configs: [String: String], topic: String) throws {
        guard let resource = objects.pointers.first ?? nil else { return }
        for (key, value) in configs.sorted(by: { $0.key < $1.key }) {
            if let error = rd_kafka_ConfigResource_add_incremental_config(
                resource, key, RD_KAFKA_ALTER_CONFIG_OP_TYPE_SET, value
            ) {
                throw KafkaError(consuming: error, context: "alterTopicConfigs '\(topic)' config '\(key)'")
            }
        }
    }

    func withPointers<T>(_ body: (UnsafeMutablePointer<OpaquePointer?>, Int) throws -> T) rethrows -> T {
        try objects.withPointers(body)
    }
}
