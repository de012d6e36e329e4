import Platform

/// Puts commands on Kafka and reports where the broker stored them.
///
/// Routes take `some CommandPublisher` so they can answer 202 with the command id once the broker
/// acknowledged, or 503 when it did not (`PipelineError.brokerUnavailable`).
public protocol CommandPublisher: Sendable {
    func publish<C: Command>(_ command: C, actor: String?, traceparent: TraceParent?) async throws -> CommandReceipt
    /// Re-sends an existing envelope unchanged (outbox shipping, dead-letter replay).
    func publish(_ envelope: CommandEnvelope, to topic: TopicName) async throws -> CommandReceipt
}
