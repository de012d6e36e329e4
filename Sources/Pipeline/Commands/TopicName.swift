/// A topic as code names it. Every value must match a topic declared in topics.yaml; the process
/// checks this at startup (`TopicCatalogue.verify`), so a misspelt topic never reaches Kafka.
public struct TopicName: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let name: String

    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { self.name = value }

    public var description: String { name }
}
