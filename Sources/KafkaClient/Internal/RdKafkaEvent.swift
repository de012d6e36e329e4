import CRdKafka

/// Owns one `rd_kafka_event_t` (an admin result). Results read from it are copied into Swift
/// values before this object goes away, since they point into the event's memory.
final class RdKafkaEvent {
    private let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        rd_kafka_event_destroy(pointer)
    }

    /// Lends the event to `body`, which must copy out what it reads.
    func withPointer<T>(_ body: (OpaquePointer) throws -> T) rethrows -> T {
        try body(pointer)
    }

    /// The request-level error, if any.
    func error(context: String) -> KafkaError? {
        let err = rd_kafka_event_error(pointer)
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        var error = KafkaError(err, context: context)
        if let text = rd_kafka_event_error_string(pointer) {
            error.description += ": " + String(cString: text)
        }
        return error
    }
}
