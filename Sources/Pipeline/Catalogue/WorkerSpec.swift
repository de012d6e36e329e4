/// A worker kind from topics.yaml (`email`, `webhooks`…) and the consumer group it runs in.
public struct WorkerSpec: Sendable, Hashable {
    public var kind: String
    public var group: String
    /// What the kind does, for `relais --help` and operators.
    public var summary: String
}
