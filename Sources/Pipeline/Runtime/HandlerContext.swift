import Foundation
import Logging
import Platform

/// What a handler knows about the command it runs: identity, delivery and tracing.
public struct HandlerContext: Sendable {
    public let commandID: UUID
    public let commandType: String
    /// 1 on first delivery; a retry sees 2, 3, ...
    public let attempt: Int
    public let consumerGroup: String
    /// Where the command was first consumed from (a retry keeps the original position).
    public let topic: String
    public let partition: Int32
    public let offset: Int64
    public let key: String
    public let actor: String?
    public let issuedAt: Date
    /// The command's trace; commands a handler emits should carry `traceparent.child()`.
    public let traceparent: TraceParent
    /// The worker's logger; `logger` adds this command's metadata on first use.
    let baseLogger: Logger

    /// A context for running a handler outside the runner (tests, one-off tools): the command
    /// as if delivered once, at offset 0 of `topic`.
    public static func direct<C: Command>(_ command: C, consumerGroup: String, logger: Logger) -> HandlerContext {
        HandlerContext(commandID: UUID(), commandType: C.commandType.name, attempt: 1, consumerGroup: consumerGroup,
                       topic: C.commandType.topic.name, partition: 0, offset: 0, key: command.orderingKey, actor: nil,
                       issuedAt: Date(), traceparent: .random(), baseLogger: logger)
    }

    /// Logs with `logger`'s metadata plus `metadata`, building neither unless `level` is enabled:
    /// for lines a handler writes on every command ("email sent"), which production filters out.
    public func log(_ level: Logger.Level, _ message: @autoclosure () -> Logger.Message,
                    metadata: @autoclosure () -> Logger.Metadata? = nil) {
        guard level >= baseLogger.logLevel else { return }
        logger.log(level: level, message(), metadata: metadata())
    }

    /// Carries command id, type, attempt, topic/partition/offset and trace id as metadata. Built
    /// on access: most commands are handled without logging, and metadata costs microseconds.
    public var logger: Logger {
        var logger = baseLogger
        logger[metadataKey: "command_id"] = "\(commandID)"
        logger[metadataKey: "command_type"] = "\(commandType)"
        logger[metadataKey: "attempt"] = "\(attempt)"
        logger[metadataKey: "topic"] = "\(topic)"
        logger[metadataKey: "partition"] = "\(partition)"
        logger[metadataKey: "offset"] = "\(offset)"
        logger[metadataKey: "trace_id"] = "\(traceparent.traceID)"
        return logger
    }
}
