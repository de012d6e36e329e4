/// A topic to create.
public struct KafkaTopicSpec: Sendable, Hashable {
    public var name: String
    public var partitions: Int32
    /// `-1` lets the broker use its default.
    public var replicationFactor: Int16
    /// Topic configuration, e.g. `["retention.ms": "86400000", "cleanup.policy": "compact"]`.
    public var configs: [String: String]

    public init(name: String, partitions: Int32, replicationFactor: Int16 = 1, configs: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }
}
