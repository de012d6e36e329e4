import CRdKafka

extension RdKafkaHandle {
    func subscribe(_ topics: [String]) throws {
        guard !topics.isEmpty else {
            throw KafkaError(code: .invalidArgument, isRetryable: false, description: "subscribe: no topics")
        }
        let partitions = topics.map { KafkaTopicPartition(topic: $0, partition: RD_KAFKA_PARTITION_UA) }
        try withPointer("subscribe") { rk in
            let list = try Self.list(partitions, "subscribe")
            let err = list.withPointer { rd_kafka_subscribe(rk, $0) }
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "subscribe") }
        }
    }

    /// Stores `offset` (the next offset to read) for commit; non-blocking.
    func storeOffset(_ partition: KafkaTopicPartition, offset: Int64) throws {
        try withPointer("storeOffset") { rk in
            let list = try Self.list([partition], "storeOffset", offsets: [offset])
            let err = list.withPointer { rd_kafka_offsets_store(rk, $0) }
            let context = "storeOffset \(partition)"
            if let partitionError = list.firstError { throw KafkaError(partitionError, context: context) }
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: context) }
        }
    }

    /// Synchronously commits every stored offset; blocking (poll thread only).
    func commitStored() throws {
        try withPointer("commit") { rk in
            let err = rd_kafka_commit(rk, nil, 0)
            // Nothing stored since the last commit is success, not an error.
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR__NO_OFFSET else {
                throw KafkaError(err, context: "commit")
            }
        }
    }

    func pause(_ partitions: [KafkaTopicPartition]) throws {
        try withPointer("pause") { rk in
            let list = try Self.list(partitions, "pause")
            let err = list.withPointer { rd_kafka_pause_partitions(rk, $0) }
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "pause") }
        }
    }

    func resume(_ partitions: [KafkaTopicPartition]) throws {
        try withPointer("resume") { rk in
            let list = try Self.list(partitions, "resume")
            let err = list.withPointer { rd_kafka_resume_partitions(rk, $0) }
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "resume") }
        }
    }

    func assignment() throws -> [KafkaTopicPartition] {
        try withPointer("assignment") { rk in
            var raw: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
            let err = rd_kafka_assignment(rk, &raw)
            let list = raw.map(RdKafkaTopicPartitionList.init(taking:))
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "assignment") }
            return list?.partitions ?? []
        }
    }

    /// The low and high watermarks librdkafka last saw in fetch responses (no broker request).
    func cachedWatermarks(_ partition: KafkaTopicPartition) -> (low: Int64, high: Int64)? {
        try? withPointer("watermarks") { rk -> (low: Int64, high: Int64)? in
            var low = Int64(RD_KAFKA_OFFSET_INVALID)
            var high = Int64(RD_KAFKA_OFFSET_INVALID)
            let err = rd_kafka_get_watermark_offsets(rk, partition.topic, partition.partition, &low, &high)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR, high != Int64(RD_KAFKA_OFFSET_INVALID) else { return nil }
            return (low, high)
        } ?? nil
    }

    /// Revokes the assignment (committing stored offsets) and leaves the group; blocking.
    func closeConsumer() -> KafkaError? {
        do {
            return try withPointer("close") { rk in
                let err = rd_kafka_consumer_close(rk)
                return err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(err, context: "close")
            }
        } catch {
            return nil
        }
    }

    private static func list(
        _ partitions: [KafkaTopicPartition], _ operation: String, offsets: [Int64]? = nil
    ) throws -> RdKafkaTopicPartitionList {
        guard let list = RdKafkaTopicPartitionList(partitions, offsets: offsets) else {
            throw KafkaError(code: .other(-1), isRetryable: false, description: "\(operation): out of memory")
        }
        return list
    }
}
