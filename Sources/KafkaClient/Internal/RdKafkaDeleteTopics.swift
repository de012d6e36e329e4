import CRdKafka

/// Owns the `rd_kafka_DeleteTopic_t` objects of one DeleteTopics request.
final class RdKafkaDeleteTopics {
    private let objects = RdKafkaObjectArray { rd_kafka_DeleteTopic_destroy($0) }

    init(_ names: [String]) throws {
        for name in names {
            guard let topic = rd_kafka_DeleteTopic_new(name) else {
                throw KafkaError(code: .invalidArgument, isRetryable: false, description: "deleteTopics '\(name)': rejected by librdkafka")
            }
            objects.append(topic)
        }
    }

    func withPointers<T>(_ body: (UnsafeMutablePointer<OpaquePointer?>, Int) throws -> T) rethrows -> T {
        try objects.withPointers(body)
    }
}
