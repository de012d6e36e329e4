/// What `KafkaAdmin.createTopics` did for one topic.
public enum KafkaTopicCreation: Sendable, Hashable {
    case created
    /// The topic was already there; its partitions and configs were left as they are.
    case alreadyExists
    /// The broker refused this topic (invalid name, config, partition count, ...).
    case failed(KafkaError)
}
