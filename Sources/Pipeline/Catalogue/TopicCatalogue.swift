import Foundation
import Yams

/// The catalogue of topics and worker kinds declared in `topics.yaml`: the single source of truth
/// for topic names, partitions, retention, ownership, retry schedules and dead-letter topics.
///
/// Loading validates the whole file; any problem is a `CatalogueError` naming the entry, so a
/// process never starts against a catalogue it misreads.
public struct TopicCatalogue: Sendable {
    /// Worker kinds by name, in file order.
    public let workers: [WorkerSpec]
    /// Topics by name, in file order.
    public let topics: [TopicSpec]

    /// Loads and validates the catalogue file at `path`.
    public static func load(path: String) throws -> TopicCatalogue {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw CatalogueError(path: "", reason: "cannot read \(path)")
        }
        return try parse(yaml: text)
    }

    /// Parses and validates catalogue text.
    public static func parse(yaml text: String) throws -> TopicCatalogue {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw CatalogueError(path: "", reason: "is not valid YAML (\(error))")
        }
        return try CatalogueParser.parse(root)
    }

    public func topic(named name: String) -> TopicSpec? {
        topics.first { $0.name == name }
    }

    /// Every topic that must exist on the broker: the declared ones and their derived retry
    /// topics (same partitions, retention of the longest backoff plus a day).
    public var kafkaTopics: [TopicSpec] {
        topics.flatMap { topic -> [TopicSpec] in
            guard let retryName = topic.retryTopic else { return [topic] }
            var retry = topic
            retry.name = retryName
            retry.key = topic.key
            retry.worker = nil
            retry.commands = []
            retry.deadLetter = nil
            retry.retention = topic.retry.maxBackoff + .seconds(86_400)
            return [topic, retry]
        }
    }

    /// The declared topic a retry topic belongs to.
    public func sourceTopic(ofRetryTopic name: String) -> TopicSpec? {
        topics.first { $0.retryTopic == name }
    }

    public func worker(kind: String) -> WorkerSpec? {
        workers.first { $0.kind == kind }
    }

    /// Topics consumed by a worker kind.
    public func topics(ownedBy kind: String) -> [TopicSpec] {
        topics.filter { $0.worker == kind }
    }

    /// The topic that carries a command type, if one declares it.
    public func topic(forCommand type: String) -> TopicSpec? {
        topics.first { $0.commands.contains(type) }
    }

    /// Checks that every command type the code can emit is carried by a declared topic that has a
    /// dead-letter topic, and that it is the topic the code expects. Called at startup.
    public func verify(commandTypes: [CommandType]) throws {
        for type in commandTypes {
            guard let topic = topic(named: type.topic.name) else {
                throw CatalogueError(path: "topics", reason: "no topic \(type.topic.name) for command \(type.name)")
            }
            guard topic.commands.contains(type.name) else {
                throw CatalogueError(path: "topics.\(topic.name).commands", reason: "does not list command \(type.name)")
            }
            guard topic.deadLetter != nil else {
                throw CatalogueError(path: "topics.\(topic.name).dead_letter", reason: "is required for a command topic")
            }
        }
    }
}
