/// A topic as the broker describes it.
public struct KafkaTopicDescription: Sendable, Hashable {
    public var name: String
    public var partitions: Int32
    /// The configuration entries the broker returned (defaults included when it reports them).
    public var configs: [String: String]

    public init(name: String, partitions: Int32, configs: [String: String]) {
        self.name = name
        self.partitions = partitions
        self.configs = configs
    }
}
