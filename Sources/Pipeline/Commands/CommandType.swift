/// The identity of a command kind: its `relais-type` header, the payload schema version and the
/// topic that carries it.
public struct CommandType: Sendable, Hashable, CustomStringConvertible {
    /// Verb-first name, e.g. `SendEmail`; travels as the `relais-type` header.
    public let name: String
    public let version: Int
    public let topic: TopicName

    public init(_ name: String, version: Int = 1, topic: TopicName) {
        self.name = name
        self.version = version
        self.topic = topic
    }

    public var description: String { "\(name)@v\(version)" }
}
