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
    /// Carries command id, type, topic/partition/offset and trace id as metadata.
    public let logger: Logger
}
