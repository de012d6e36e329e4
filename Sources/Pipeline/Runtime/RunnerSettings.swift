import KafkaClient

/// Tuning of the consumer runner; defaults suit production, tests shorten the timings.
public struct RunnerSettings: Sendable {
    /// Handlers running at once across all partitions of a worker kind.
    public var maxConcurrentHandlers = 16
    /// Messages queued per partition before the partition is paused. Large on purpose: a pause
    /// makes librdkafka drop its prefetched data and fetch again on resume, so pausing every few
    /// hundred messages cut throughput tenfold; pausing is for a partition that is really stuck.
    public var partitionBuffer = 10_000
    /// Consumer group session timeout (Tansu and Kafka wait this long for a join).
    public var sessionTimeout: Duration = .seconds(10)
    public var heartbeatInterval: Duration = .seconds(3)
    /// Fetch wait for a kind that owns a `latency: low` topic; otherwise librdkafka's 500 ms.
    public var lowLatencyFetchWait: Duration = .milliseconds(5)
    /// How long shutdown waits for in-flight handlers before giving up on them.
    public var shutdownDeadline: Duration = .seconds(20)
    /// A handler running longer than this makes `/health` fail.
    public var hungHandlerThreshold: Duration = .seconds(300)
    /// Pause before retrying a failed retry/dead-letter write (broker or database down).
    public var dependencyBackoff: Duration = .seconds(1)
    /// Where a consumer group without committed offsets starts. `earliest` (the default) skips
    /// nothing; benchmarks use `latest` so a fresh group does not first replay old traffic.
    public var newGroupStartsAt: KafkaConsumerConfiguration.AutoOffsetReset = .earliest

    public init() {}
}
