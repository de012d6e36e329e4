/// A unit of work put on Kafka for a worker: a Codable payload that knows its type and its
/// ordering key (commands with the same key are handled in order).
public protocol Command: Codable, Sendable {
    static var commandType: CommandType { get }
    /// The Kafka key: the entity whose commands must stay in order (user id, Stripe object id…).
    var orderingKey: String { get }
}
