/// Group membership changes and errors a consumer reports besides its messages.
public enum KafkaConsumerEvent: Sendable {
    /// Partitions newly assigned to this consumer (the full new set with the eager protocol,
    /// the added ones with `cooperative-sticky`).
    case assigned([KafkaTopicPartition])
    /// Partitions taken away; their buffered, undelivered messages are dropped and their stored
    /// offsets are committed (auto-commit on revoke). `storeOffset` for them now throws `notAssigned`.
    case revoked([KafkaTopicPartition])
    /// A consumer-level error (broker down, unknown topic, ...); the consumer keeps running.
    case error(KafkaError)
}
