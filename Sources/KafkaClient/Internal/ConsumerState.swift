import CRdKafka
import Logging

/// What a consumer's poll thread and its rebalance callback share with the public API: the
/// message buffer and the event stream.
final class ConsumerState: Sendable {
    let buffer: MessageBuffer
    private let events: AsyncStream<KafkaConsumerEvent>.Continuation
    private let logger: Logger

    init(buffer: MessageBuffer, events: AsyncStream<KafkaConsumerEvent>.Continuation, logger: Logger) {
        self.buffer = buffer
        self.events = events
        self.logger = logger
    }

    func report(_ error: KafkaError) {
        events.yield(.error(error))
    }

    /// Ends the message sequence and the event stream (after `rd_kafka_consumer_close`).
    func finish() {
        buffer.finish()
        events.finish()
    }

    /// Poll thread idle step: moves up to a few hundred messages into the buffer in one batch,
    /// blocking at most ~100 ms when there is nothing to read or no room for it.
    func poll(_ handle: RdKafkaHandle) {
        let room = buffer.capacity - buffer.count
        guard room > 0 else {
            buffer.waitForRoom(timeoutMilliseconds: 100)
            return
        }
        var batch: [KafkaMessage] = []
        batch.reserveCapacity(min(room, 256))
        _ = try? handle.withPointer("poll") { rk in
            var timeout: Int32 = 100
            var topicNames = RdKafkaMessage.TopicNames()
            while batch.count < min(room, 256) {
                guard let raw = rd_kafka_consumer_poll(rk, timeout) else { return }
                timeout = 0
                let message = RdKafkaMessage(taking: raw)
                if let error = message.error {
                    logger.warning("consumer error", metadata: ["error": "\(error)"])
                    report(error)
                } else {
                    batch.append(message.copy(topicNames: &topicNames))
                }
            }
        }
        buffer.push(batch)
    }

    /// The rebalance callback (poll thread, inside `rd_kafka_consumer_poll` or
    /// `rd_kafka_consumer_close`): applies the new assignment, eager or cooperative.
    func rebalance(
        _ rk: OpaquePointer, _ err: rd_kafka_resp_err_t,
        _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
    ) {
        let partitions = RdKafkaTopicPartitionList.partitions(borrowing: list)
        let cooperative = rd_kafka_rebalance_protocol(rk).map { String(cString: $0) } == "COOPERATIVE"
        let metadata: Logger.Metadata = [
            "partitions": "\(partitions.map(\.description).joined(separator: ","))",
            "protocol": "\(cooperative ? "cooperative" : "eager")",
        ]
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            logger.info("partitions assigned", metadata: metadata)
            if cooperative {
                if let error = rd_kafka_incremental_assign(rk, list) {
                    report(KafkaError(consuming: error, context: "incremental assign"))
                }
            } else {
                let result = rd_kafka_assign(rk, list)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR { report(KafkaError(result, context: "assign")) }
            }
            events.yield(.assigned(partitions))

        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            logger.info("partitions revoked", metadata: metadata)
            revoke(rk, partitions, list, cooperative: cooperative)

        default:
            let error = KafkaError(err, context: "rebalance")
            logger.warning("rebalance failed", metadata: metadata.merging(["error": "\(error)"]) { $1 })
            revoke(rk, partitions, list, cooperative: cooperative)
            report(error)
        }
    }

    private func revoke(
        _ rk: OpaquePointer, _ partitions: [KafkaTopicPartition],
        _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, cooperative: Bool
    ) {
        // librdkafka keeps an application pause across reassignment; forget it with the partition.
        let paused = buffer.revoke(partitions)
        if !paused.isEmpty, let pausedList = RdKafkaTopicPartitionList(paused) {
            _ = pausedList.withPointer { rd_kafka_resume_partitions(rk, $0) }
        }
        // Unassigning commits the stored offsets of these partitions (enable.auto.commit).
        if cooperative {
            if let error = rd_kafka_incremental_unassign(rk, list) {
                report(KafkaError(consuming: error, context: "incremental unassign"))
            }
        } else {
            let result = rd_kafka_assign(rk, nil)
            if result != RD_KAFKA_RESP_ERR_NO_ERROR { report(KafkaError(result, context: "unassign")) }
        }
        events.yield(.revoked(partitions))
    }
}
