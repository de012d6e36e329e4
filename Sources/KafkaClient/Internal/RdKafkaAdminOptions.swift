import CRdKafka

/// Owns one `rd_kafka_AdminOptions_t`; lives inside a lease of its handle.
final class RdKafkaAdminOptions {
    private let pointer: OpaquePointer

    init(_ rk: OpaquePointer, for api: rd_kafka_admin_op_t, timeoutMilliseconds: Int32) throws {
        guard let pointer = rd_kafka_AdminOptions_new(rk, api) else {
            throw KafkaError(code: .other(-1), isRetryable: false, description: "admin options: out of memory")
        }
        self.pointer = pointer
        var text = [CChar](repeating: 0, count: 256)
        _ = rd_kafka_AdminOptions_set_request_timeout(pointer, timeoutMilliseconds, &text, text.count)
        if api == RD_KAFKA_ADMIN_OP_CREATETOPICS {
            // Let the broker wait for the topics to be fully created before it answers.
            _ = rd_kafka_AdminOptions_set_operation_timeout(pointer, timeoutMilliseconds, &text, text.count)
        }
    }

    deinit {
        rd_kafka_AdminOptions_destroy(pointer)
    }

    func withPointer<T>(_ body: (OpaquePointer) throws -> T) rethrows -> T {
        try body(pointer)
    }
}
