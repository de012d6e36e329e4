import CRdKafka

extension RdKafkaHandle {
    /// Creates topics; blocking (admin thread). Returns each topic's outcome by name.
    func createTopics(_ specs: [KafkaTopicSpec], timeoutMilliseconds: Int32) throws -> [String: KafkaTopicCreation] {
        let newTopics = try RdKafkaNewTopics(specs)
        return try adminRequest(RD_KAFKA_ADMIN_OP_CREATETOPICS, "createTopics", timeoutMilliseconds) { rk, options, queue in
            newTopics.withPointers { rd_kafka_CreateTopics(rk, $0, $1, options, queue) }
        } read: { event in
            guard let result = rd_kafka_event_CreateTopics_result(event) else {
                throw Self.unexpected("createTopics")
            }
            var count = 0
            let results = rd_kafka_CreateTopics_result_topics(result, &count)
            var outcomes: [String: KafkaTopicCreation] = [:]
            for outcome in Self.topicResults(results, count: count, operation: "createTopics") {
                switch outcome.code {
                case RD_KAFKA_RESP_ERR_NO_ERROR: outcomes[outcome.name] = .created
                case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS: outcomes[outcome.name] = .alreadyExists
                default: outcomes[outcome.name] = .failed(outcome.error)
                }
            }
            return outcomes
        }
    }

    /// Deletes topics; blocking. Returns each topic's outcome by name: nil when deleted,
    /// otherwise the broker's error (an unknown topic has code `unknownTopic`).
    func deleteTopics(_ names: [String], timeoutMilliseconds: Int32) throws -> [String: KafkaError?] {
        let topics = try RdKafkaDeleteTopics(names)
        return try adminRequest(RD_KAFKA_ADMIN_OP_DELETETOPICS, "deleteTopics", timeoutMilliseconds) { rk, options, queue in
            topics.withPointers { rd_kafka_DeleteTopics(rk, $0, $1, options, queue) }
        } read: { event in
            guard let result = rd_kafka_event_DeleteTopics_result(event) else {
                throw Self.unexpected("deleteTopics")
            }
            var count = 0
            let results = rd_kafka_DeleteTopics_result_topics(result, &count)
            var outcomes: [String: KafkaError?] = [:]
            for outcome in Self.topicResults(results, count: count, operation: "deleteTopics") {
                outcomes[outcome.name] = outcome.code == RD_KAFKA_RESP_ERR_NO_ERROR ? KafkaError?.none : outcome.error
            }
            return outcomes
        }
    }

    /// The per-topic results of a CreateTopics or DeleteTopics request, with the broker's message.
    private static func topicResults(
        _ topics: UnsafeMutablePointer<OpaquePointer?>?, count: Int, operation: String
    ) -> [(name: String, code: rd_kafka_resp_err_t, error: KafkaError)] {
        guard let topics else { return [] }
        return (0..<count).compactMap { index in
            guard let topic = topics[index] else { return nil }
            let name = String(cString: rd_kafka_topic_result_name(topic))
            let code = rd_kafka_topic_result_error(topic)
            var error = KafkaError(code, context: "\(operation) '\(name)'")
            if let text = rd_kafka_topic_result_error_string(topic) {
                error.description += ": " + String(cString: text)
            }
            return (name, code, error)
        }
    }

    /// Topic name → partition count for every topic the cluster reports; blocking.
    func topicPartitionCounts(timeoutMilliseconds: Int32) throws -> [String: Int32] {
        try withPointer("metadata") { rk in
            var raw: UnsafePointer<rd_kafka_metadata>?
            // all_topics=1 asks for every topic, which never triggers broker-side auto-creation.
            let err = rd_kafka_metadata(rk, 1, nil, &raw, timeoutMilliseconds)
            let metadata = raw.map(RdKafkaMetadata.init(taking:))
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
                throw KafkaError(err, context: "metadata")
            }
            return metadata.topics
        }
    }

    /// Topic name → its config entries (sensitive values left out); blocking. Topics the broker
    /// does not know are absent.
    func describeTopicConfigs(_ topics: [String], timeoutMilliseconds: Int32) throws -> [String: [String: String]] {
        let resources = try RdKafkaConfigResources(topics: topics)
        return try adminRequest(RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, "describeConfigs", timeoutMilliseconds) { rk, options, queue in
            resources.withPointers { rd_kafka_DescribeConfigs(rk, $0, $1, options, queue) }
        } read: { event in
            guard let result = rd_kafka_event_DescribeConfigs_result(event) else {
                throw Self.unexpected("describeConfigs")
            }
            var count = 0
            guard let described = rd_kafka_DescribeConfigs_result_resources(result, &count) else { return [:] }
            var configs: [String: [String: String]] = [:]
            for index in 0..<count {
                guard let resource = described[index],
                      rd_kafka_ConfigResource_error(resource) == RD_KAFKA_RESP_ERR_NO_ERROR
                else { continue }
                let name = String(cString: rd_kafka_ConfigResource_name(resource))
                var entryCount = 0
                var entries: [String: String] = [:]
                if let list = rd_kafka_ConfigResource_configs(resource, &entryCount) {
                    for entryIndex in 0..<entryCount {
                        guard let entry = list[entryIndex], rd_kafka_ConfigEntry_is_sensitive(entry) == 0,
                              let value = rd_kafka_ConfigEntry_value(entry)
                        else { continue }
                        entries[String(cString: rd_kafka_ConfigEntry_name(entry))] = String(cString: value)
                    }
                }
                configs[name] = entries
            }
            return configs
        }
    }

    /// Sets `configs` on `topic` with IncrementalAlterConfigs (other settings unchanged); blocking.
    func alterTopicConfigs(_ topic: String, _ configs: [String: String], timeoutMilliseconds: Int32) throws {
        let resources = try RdKafkaConfigResources(topics: [topic])
        try resources.setIncremental(configs, topic: topic)
        let context = "alterTopicConfigs '\(topic)'"
        try adminRequest(RD_KAFKA_ADMIN_OP_INCREMENTALALTERCONFIGS, context, timeoutMilliseconds) { rk, options, queue in
            resources.withPointers { rd_kafka_IncrementalAlterConfigs(rk, $0, $1, options, queue) }
        } read: { event in
            guard let result = rd_kafka_event_IncrementalAlterConfigs_result(event) else {
                throw Self.unexpected(context)
            }
            var count = 0
            guard let altered = rd_kafka_IncrementalAlterConfigs_result_resources(result, &count) else { return }
            for index in 0..<count {
                guard let resource = altered[index] else { continue }
                let err = rd_kafka_ConfigResource_error(resource)
                guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    var error = KafkaError(err, context: context)
                    if let text = rd_kafka_ConfigResource_error_string(resource) {
                        error.description += ": " + String(cString: text)
                    }
                    throw error
                }
            }
        }
    }

    /// Sends one admin request and reads its result event, all within a lease of the handle so
    /// the options, reply queue and event are freed before the handle can be destroyed.
    private func adminRequest<T>(
        _ api: rd_kafka_admin_op_t, _ operation: String, _ timeoutMilliseconds: Int32,
        submit: (OpaquePointer, OpaquePointer, OpaquePointer?) -> Void,
        read: (OpaquePointer) throws -> T
    ) throws -> T {
        try withPointer(operation) { rk in
            let options = try RdKafkaAdminOptions(rk, for: api, timeoutMilliseconds: timeoutMilliseconds)
            guard let queue = RdKafkaQueue(newFor: rk) else { throw Self.unexpected(operation) }
            options.withPointer { opts in queue.withPointer { submit(rk, opts, $0) } }
            // The request itself times out after `timeoutMilliseconds`; the margin only guards
            // against a result that never arrives.
            guard let event = queue.poll(timeoutMilliseconds: timeoutMilliseconds &+ 5000) else {
                throw KafkaError(code: .timedOut, isRetryable: true, description: "\(operation): no answer in time")
            }
            if let error = event.error(context: operation) { throw error }
            return try event.withPointer(read)
        }
    }

    private static func unexpected(_ operation: String) -> KafkaError {
        KafkaError(code: .other(-1), isRetryable: false, description: "\(operation): unexpected result from librdkafka")
    }
}
