import Logging

/// Topic administration. Requests run one at a time on a dedicated thread.
public final class KafkaAdmin: Sendable {
    private let handle: RdKafkaHandle
    private let thread: DedicatedThread

    /// - Throws: `KafkaError` with code `invalidConfiguration`.
    public init(brokers: String, logger: Logger) throws {
        let rdConfiguration = try RdKafkaConfiguration()
        try rdConfiguration.set([("bootstrap.servers", brokers), ("client.id", "relais-admin")])
        RdKafkaCallbacks.installCommon(on: rdConfiguration)
        handle = try RdKafkaHandle(.admin, configuration: rdConfiguration, context: CallbackContext(logger: logger))
        thread = DedicatedThread(name: "kafka-admin")
    }

    deinit {
        close()
    }

    /// Creates the topics that do not exist yet.
    /// - Returns: each topic's outcome by name; an existing topic is `.alreadyExists`, not an error.
    /// - Throws: `KafkaError` when the request as a whole fails (broker down, timed out, invalid spec).
    public func createTopics(_ specs: [KafkaTopicSpec], timeout: Duration) async throws -> [String: KafkaTopicCreation] {
        guard !specs.isEmpty else { return [:] }
        let handle = self.handle
        return try await thread.run("createTopics") {
            try handle.createTopics(specs, timeoutMilliseconds: timeout.timeoutMilliseconds)
        }
    }

    /// Describes topics: partition count (from metadata) and configs (DescribeConfigs).
    /// - Returns: descriptions in the order asked; topics that do not exist are absent.
    public func describeTopics(_ names: [String], timeout: Duration) async throws -> [KafkaTopicDescription] {
        guard !names.isEmpty else { return [] }
        let handle = self.handle
        return try await thread.run("describeTopics") {
            let milliseconds = timeout.timeoutMilliseconds
            let partitions = try handle.topicPartitionCounts(timeoutMilliseconds: milliseconds)
            let existing = names.filter { partitions[$0] != nil }
            guard !existing.isEmpty else { return [] }
            let configs = try handle.describeTopicConfigs(existing, timeoutMilliseconds: milliseconds)
            return existing.compactMap { name in
                guard let count = partitions[name] else { return nil }
                return KafkaTopicDescription(name: name, partitions: count, configs: configs[name] ?? [:])
            }
        }
    }

    /// The names of all topics in the cluster, sorted.
    public func listTopics(timeout: Duration) async throws -> [String] {
        let handle = self.handle
        return try await thread.run("listTopics") {
            try handle.topicPartitionCounts(timeoutMilliseconds: timeout.timeoutMilliseconds).keys.sorted()
        }
    }

    /// Deletes topics and the records they hold.
    /// - Returns: each topic's outcome by name: nil when deleted, else the broker's error.
    /// - Throws: `KafkaError` when the request as a whole fails.
    public func deleteTopics(_ names: [String], timeout: Duration) async throws -> [String: KafkaError?] {
        guard !names.isEmpty else { return [:] }
        let handle = self.handle
        return try await thread.run("deleteTopics") {
            try handle.deleteTopics(names, timeoutMilliseconds: timeout.timeoutMilliseconds)
        }
    }

    /// Sets topic configs, leaving the others unchanged (IncrementalAlterConfigs).
    /// - Throws: `KafkaError`; code `unsupported` when the broker does not implement it.
    public func alterTopicConfigs(_ name: String, configs: [String: String], timeout: Duration) async throws {
        guard !configs.isEmpty else { return }
        let handle = self.handle
        try await thread.run("alterTopicConfigs") {
            try handle.alterTopicConfigs(name, configs, timeoutMilliseconds: timeout.timeoutMilliseconds)
        }
    }

    /// Destroys the client once requests already started have finished; later calls throw
    /// `closed`. Idempotent, does not block.
    public func close() {
        let handle = self.handle
        thread.stop { handle.destroy() }
    }
}
