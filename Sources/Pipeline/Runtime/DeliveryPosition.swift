import Foundation
import KafkaClient

/// Where a command was first consumed and when it first failed; carried on retry messages in
/// headers so a dead letter reports the original position and the whole failure history.
struct DeliveryPosition: Sendable {
    let topic: String
    let partition: Int32
    let offset: Int64
    let firstFailureAt: Date?

    /// A message consumed from its own topic, not a retry topic.
    init(firstDelivery message: KafkaMessage) {
        topic = message.topic
        partition = message.partition
        offset = message.offset
        firstFailureAt = nil
    }

    /// Reads the position from retry headers, or takes the message's own for a first delivery.
    init(message: KafkaMessage) {
        func text(_ name: String) -> String? { message.header(name).flatMap { String(bytes: $0, encoding: .utf8) } }
        if let topic = text(CommandHeader.sourceTopic),
           let partition = text(CommandHeader.sourcePartition).flatMap(Int32.init),
           let offset = text(CommandHeader.sourceOffset).flatMap(Int64.init) {
            self.topic = topic
            self.partition = partition
            self.offset = offset
        } else {
            topic = message.topic
            partition = message.partition
            offset = message.offset
        }
        firstFailureAt = text(CommandHeader.firstFailureAt).flatMap(CommandCoding.date)
    }

    /// Provenance headers for a retry or dead-letter copy failing now.
    func headers(failedAt now: Date) -> [KafkaHeader] {
        [
            KafkaHeader(key: CommandHeader.sourceTopic, string: topic),
            KafkaHeader(key: CommandHeader.sourcePartition, string: String(partition)),
            KafkaHeader(key: CommandHeader.sourceOffset, string: String(offset)),
            KafkaHeader(key: CommandHeader.firstFailureAt, string: CommandCoding.timestamp(firstFailureAt ?? now)),
            KafkaHeader(key: CommandHeader.lastFailureAt, string: CommandCoding.timestamp(now)),
        ]
    }
}
