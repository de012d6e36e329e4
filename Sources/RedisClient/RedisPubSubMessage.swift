/// One message received by a `RedisSubscription`.
public struct RedisPubSubMessage: Sendable, Hashable {
    /// The channel the message was published to.
    public let channel: String
    /// The subscribed pattern that matched, for pattern subscriptions; nil for channel ones.
    public let pattern: String?
    /// The published bytes.
    public let payload: [UInt8]

    public init(channel: String, pattern: String?, payload: [UInt8]) {
        self.channel = channel
        self.pattern = pattern
        self.payload = payload
    }
}
