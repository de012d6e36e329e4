import CRdKafka

extension KafkaError {
    /// Maps a librdkafka error code; `context` names the operation (and at most a topic).
    init(_ err: rd_kafka_resp_err_t, context: String, retryable: Bool? = nil) {
        let code = Self.code(for: err)
        let text = String(cString: rd_kafka_err2str(err))
        self.init(
            code: code,
            isRetryable: retryable ?? Self.isRetryable(err, code: code),
            description: "\(context): \(text) (\(Self.name(of: err)))"
        )
    }

    /// Copies an `rd_kafka_error_t` without taking ownership; the caller destroys it.
    init(borrowing error: OpaquePointer, context: String) {
        let err = rd_kafka_error_code(error)
        let text = rd_kafka_error_string(error).map { String(cString: $0) } ?? ""
        let code = Self.code(for: err)
        self.init(
            code: code,
            isRetryable: rd_kafka_error_is_retriable(error) != 0 || Self.isRetryable(err, code: code),
            description: "\(context): \(text) (\(Self.name(of: err)))"
        )
    }

    /// Takes ownership of an `rd_kafka_error_t` (as returned by most newer librdkafka calls).
    init(consuming error: OpaquePointer, context: String) {
        self.init(borrowing: error, context: context)
        rd_kafka_error_destroy(error)
    }

    private static func name(of err: rd_kafka_resp_err_t) -> String {
        rd_kafka_err2name(err).map { String(cString: $0) } ?? "\(err.rawValue)"
    }

    static func code(for err: rd_kafka_resp_err_t) -> Code {
        switch err {
        case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__TIMED_OUT,
             RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
            return .timedOut
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN,
             RD_KAFKA_RESP_ERR__RESOLVE, RD_KAFKA_RESP_ERR_BROKER_NOT_AVAILABLE,
             RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
             RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE, RD_KAFKA_RESP_ERR__WAIT_COORD:
            return .brokerUnavailable
        case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
             RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_ID:
            return .unknownTopic
        case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS:
            return .topicAlreadyExists
        case RD_KAFKA_RESP_ERR__INVALID_ARG, RD_KAFKA_RESP_ERR_INVALID_PARTITIONS,
             RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR, RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION,
             RD_KAFKA_RESP_ERR_INVALID_REQUEST:
            return .invalidArgument
        case RD_KAFKA_RESP_ERR_INVALID_CONFIG, RD_KAFKA_RESP_ERR__INVALID_TYPE:
            return .invalidConfiguration
        case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
            return .messageTooLarge
        case RD_KAFKA_RESP_ERR__STATE, RD_KAFKA_RESP_ERR__ASSIGNMENT_LOST:
            return .notAssigned
        case RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION, RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE,
             RD_KAFKA_RESP_ERR__NOT_IMPLEMENTED:
            return .unsupported
        case RD_KAFKA_RESP_ERR__DESTROY, RD_KAFKA_RESP_ERR__PURGE_QUEUE,
             RD_KAFKA_RESP_ERR__PURGE_INFLIGHT, RD_KAFKA_RESP_ERR__FATAL:
            return .closed
        default:
            return .other(err.rawValue)
        }
    }

    private static func isRetryable(_ err: rd_kafka_resp_err_t, code: Code) -> Bool {
        switch code {
        case .timedOut, .brokerUnavailable:
            return true
        case .other:
            switch err {
            case RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
                 RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS,
                 RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND,
                 RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, RD_KAFKA_RESP_ERR_KAFKA_STORAGE_ERROR:
                return true
            default:
                return false
            }
        default:
            return false
        }
    }
}
