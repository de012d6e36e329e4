import CRdKafka

/// Owns an `rd_kafka_conf_t` until `RdKafkaHandle` hands it to `rd_kafka_new`, which takes it
/// over on success; until then (or on failure) `deinit` destroys it.
final class RdKafkaConfiguration {
    private var pointer: OpaquePointer?

    init() throws {
        guard let pointer = rd_kafka_conf_new() else {
            throw KafkaError(code: .other(-1), isRetryable: false, description: "rd_kafka_conf_new failed")
        }
        self.pointer = pointer
    }

    deinit {
        if let pointer { rd_kafka_conf_destroy(pointer) }
    }

    /// Sets one property. The thrown error names the property, never the value (it may be a secret).
    func set(_ key: String, _ value: String) throws {
        guard let pointer else { throw KafkaError.closed("configuration") }
        var errorText = [CChar](repeating: 0, count: 512)
        let result = rd_kafka_conf_set(pointer, key, value, &errorText, errorText.count)
        guard result == RD_KAFKA_CONF_OK else {
            throw KafkaError(
                code: .invalidConfiguration, isRetryable: false,
                description: "configuration property '\(key)' is unknown or its value is invalid"
            )
        }
    }

    func set(_ properties: [(String, String)]) throws {
        for (key, value) in properties { try set(key, value) }
    }

    /// Lends the pointer to `body` for installing callbacks and the opaque.
    func withPointer(_ body: (OpaquePointer) -> Void) {
        if let pointer { body(pointer) }
    }

    /// Gives up ownership: call only once `rd_kafka_new` succeeded with the lent pointer.
    func relinquish() {
        pointer = nil
    }
}
