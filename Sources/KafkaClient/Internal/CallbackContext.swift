import Dispatch
import Logging
import Synchronization

/// What librdkafka's C callbacks reach through the handle's opaque pointer. `RdKafkaHandle`
/// keeps it alive until after `rd_kafka_destroy`.
final class CallbackContext: Sendable {
    let logger: Logger
    /// Producer only: the sends waiting for their delivery report.
    let deliveries: DeliveryRegistry?
    /// Consumer only: the message buffer and event stream the rebalance callback updates.
    let consumer: ConsumerState?
    private let limiter = Mutex(LogRateLimiter())

    init(logger: Logger, deliveries: DeliveryRegistry? = nil, consumer: ConsumerState? = nil) {
        self.logger = logger
        self.deliveries = deliveries
        self.consumer = consumer
    }

    /// Forwards a librdkafka log line (syslog `level`), rate-limited.
    func log(level: Int32, facility: String, message: String) {
        let decision = limiter.withLock { $0.decide(now: DispatchTime.now().uptimeNanoseconds) }
        guard case .log(let suppressed) = decision else { return }
        if suppressed > 0 {
            logger.warning("librdkafka log lines dropped by rate limit", metadata: ["dropped": "\(suppressed)"])
        }
        logger.log(level: Self.level(syslog: level), "\(message)", metadata: ["rdkafka.facility": "\(facility)"])
    }

    /// A client-level error librdkafka reported (it keeps retrying by itself).
    func error(_ error: KafkaError, fatal: Bool) {
        if fatal {
            logger.critical("librdkafka fatal error", metadata: ["error": "\(error)"])
        } else {
            logger.warning("librdkafka error", metadata: ["error": "\(error)"])
        }
        consumer?.report(error)
    }

    static func level(syslog: Int32) -> Logger.Level {
        switch syslog {
        case ...2: return .critical
        case 3: return .error
        case 4: return .warning
        case 5: return .notice
        case 6: return .info
        default: return .debug
        }
    }
}
