/// One topic of the catalogue, as declared in topics.yaml.
public struct TopicSpec: Sendable, Hashable {
    /// How the consumer waits for new data: `low` latency topics get their own consumer with a
    /// short `fetch.wait.max.ms` instead of waiting behind librdkafka's 500 ms default.
    public enum Latency: String, Sendable, Hashable, CaseIterable {
        case normal, low
    }

    /// What order handlers see: per partition (default), per key with keys in parallel, or per
    /// key where a dead-lettered command parks the later commands of its key.
    public enum Ordering: String, Sendable, Hashable, CaseIterable {
        case partition, key, strict
    }

    public var name: String
    public var partitions: Int
    public var replicationFactor: Int
    public var retention: Duration
    /// What the Kafka key holds (documentation, shown by `topics plan`).
    public var key: String
    /// The worker kind that consumes it; nil for dead-letter topics, which only humans re-drive.
    public var worker: String?
    /// Command types (`relais-type` header) carried by this topic.
    public var commands: [String]
    public var retry: RetryPolicy
    public var deadLetter: String?
    public var latency: Latency
    public var ordering: Ordering

    /// Where failed commands wait for their next attempt: `<name>.retry`, consumed by the same
    /// worker. Derived, not declared: every consumed topic whose schedule allows a retry has one.
    public var retryTopic: String? {
        worker != nil && retry.attempts > 1 ? "\(name).retry" : nil
    }

    /// Topic-level Kafka configuration the catalogue manages (`topics apply` aligns these).
    public var kafkaConfigs: [String: String] {
        ["retention.ms": String(DurationText.milliseconds(retention))]
    }
}
