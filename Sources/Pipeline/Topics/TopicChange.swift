/// One difference between topics.yaml and the broker, as `relais topics plan` prints it.
public enum TopicChange: Sendable, Hashable, CustomStringConvertible {
    /// The topic does not exist: `apply` creates it.
    case create(TopicSpec)
    /// A managed config differs: `apply` sets it.
    case alterConfig(topic: String, key: String, current: String?, wanted: String)
    /// Partition counts differ. Never applied automatically: adding partitions moves keys to other
    /// partitions (breaking per-key order) and Kafka cannot remove partitions.
    case partitionMismatch(topic: String, current: Int, wanted: Int)

    public var description: String {
        switch self {
        case .create(let spec):
            return "+ create \(spec.name) (partitions \(spec.partitions), retention.ms \(spec.kafkaConfigs["retention.ms"] ?? "-"))"
        case .alterConfig(let topic, let key, let current, let wanted):
            return "~ set \(topic) \(key): \(current ?? "(default)") -> \(wanted)"
        case .partitionMismatch(let topic, let current, let wanted):
            return "! \(topic) has \(current) partitions, topics.yaml says \(wanted): change it by hand (re-partitioning breaks per-key order)"
        }
    }

    /// Whether `topics apply` makes this change itself.
    public var isAutomatic: Bool {
        if case .partitionMismatch = self { return false }
        return true
    }
}
