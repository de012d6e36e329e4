import KafkaClient
import PostgresClient

/// Turns whatever a handler threw into a `HandlerFailure` (pure; unit-tested).
public enum FailureClassifier {
    public static func classify(_ error: any Error) -> HandlerFailure {
        switch error {
        case let failure as HandlerFailure:
            return failure
        case let error as PipelineError:
            return HandlerFailure(error.isRetryable ? .retryable : .permanent, code: error.code.rawValue, message: error.description)
        case let error as PostgresError:
            switch error.code {
            case .undefinedTable, .invalidConfiguration:
                // The schema or configuration is gone: no other command can succeed either.
                return .fatal("postgres_\(error.code)", error.description)
            default:
                return HandlerFailure(error.isRetryable ? .retryable : .permanent, code: "postgres_\(error.code)", message: error.description)
            }
        case let error as KafkaError:
            return HandlerFailure(error.isRetryable ? .retryable : .permanent, code: "kafka_\(error.code)", message: error.description)
        case is DecodingError:
            return .permanent("malformed_payload", "the payload does not match the command's schema")
        case is CancellationError:
            return .retryable("cancelled", "the handler was cancelled (shutdown)")
        default:
            // Unknown errors may be transient; retries are bounded and end in the dead-letter topic.
            return .retryable("unclassified", "unclassified error \(type(of: error))")
        }
    }
}
