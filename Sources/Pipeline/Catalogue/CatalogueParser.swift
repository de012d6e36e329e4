import Yams

/// Turns the YAML tree of topics.yaml into a validated `TopicCatalogue`.
enum CatalogueParser {
    static func parse(_ root: Node?) throws -> TopicCatalogue {
        let document = try YAMLMapping(root, path: "")
        try document.requireOnly(["version", "defaults", "workers", "topics"])
        guard try document.integer("version", range: 1...1) == 1 else {
            throw CatalogueError(path: "version", reason: "is required and must be 1")
        }
        let defaults = try Defaults(document.node("defaults"))
        let workers = try parseWorkers(document.node("workers"))
        let topics = try YAMLMapping(document.node("topics"), path: "topics").entries.map { name, node in
            try parseTopic(name: name, node: node, defaults: defaults)
        }
        try crossCheck(workers: workers, topics: topics)
        return TopicCatalogue(workers: workers, topics: topics)
    }

    /// Values a topic inherits unless it says otherwise.
    struct Defaults {
        var partitions = 6
        var replicationFactor = 1
        var retention: Duration = .seconds(7 * 86_400)
        var retry = RetryPolicy.standard

        init(_ node: Node?) throws {
            guard let node else { return }
            let mapping = try YAMLMapping(node, path: "defaults")
            try mapping.requireOnly(["partitions", "replication_factor", "retention", "retry"])
            partitions = try mapping.integer("partitions", range: 1...1_000) ?? partitions
            replicationFactor = try mapping.integer("replication_factor", range: 1...10) ?? replicationFactor
            retention = try mapping.duration("retention") ?? retention
            retry = try CatalogueParser.parseRetry(mapping.node("retry"), path: "defaults.retry", fallback: retry)
        }
    }

    static func parseWorkers(_ node: Node?) throws -> [WorkerSpec] {
        let mapping = try YAMLMapping(node, path: "workers")
        var groups: [String: String] = [:]
        return try mapping.entries.map { kind, value in
            let worker = try YAMLMapping(value, path: "workers.\(kind)")
            try worker.requireOnly(["group", "summary"])
            let group = try worker.requiredString("group")
            if let other = groups[group] {
                throw CatalogueError(path: "workers.\(kind).group", reason: "consumer group \(group) is already used by worker \(other)")
            }
            groups[group] = kind
            return WorkerSpec(kind: kind, group: group, summary: try worker.string("summary") ?? "")
        }
    }

    static func parseTopic(name: String, node: Node, defaults: Defaults) throws -> TopicSpec {
        let path = "topics.\(name)"
        guard isValidTopicName(name) else {
            throw CatalogueError(path: path, reason: "topic names are dotted lower-case words (a-z, 0-9, '.', '-', '_')")
        }
        let topic = try YAMLMapping(node, path: path)
        try topic.requireOnly(["partitions", "replication_factor", "retention", "key", "worker", "commands",
                               "retry", "dead_letter", "latency", "ordering"])
        return TopicSpec(
            name: name,
            partitions: try topic.integer("partitions", range: 1...1_000) ?? defaults.partitions,
            replicationFactor: try topic.integer("replication_factor", range: 1...10) ?? defaults.replicationFactor,
            retention: try topic.duration("retention") ?? defaults.retention,
            key: try topic.requiredString("key"),
            worker: try topic.string("worker"),
            commands: try topic.strings("commands") ?? [],
            retry: try parseRetry(topic.node("retry"), path: "\(path).retry", fallback: defaults.retry),
            deadLetter: try topic.string("dead_letter"),
            latency: try topic.choice("latency", of: TopicSpec.Latency.self) ?? .normal,
            ordering: try topic.choice("ordering", of: TopicSpec.Ordering.self) ?? .partition)
    }

    static func parseRetry(_ node: Node?, path: String, fallback: RetryPolicy) throws -> RetryPolicy {
        guard let node else { return fallback }
        let retry = try YAMLMapping(node, path: path)
        try retry.requireOnly(["attempts", "initial", "max", "jitter"])
        let policy = RetryPolicy(
            attempts: try retry.integer("attempts", range: 1...100) ?? fallback.attempts,
            initialBackoff: try retry.duration("initial") ?? fallback.initialBackoff,
            maxBackoff: try retry.duration("max") ?? fallback.maxBackoff,
            jitter: try retry.number("jitter", range: 0...1) ?? fallback.jitter)
        guard policy.maxBackoff >= policy.initialBackoff else {
            throw CatalogueError(path: "\(path).max", reason: "must not be shorter than initial")
        }
        return policy
    }

    /// Rules that span entries: owners exist, dead-letter topics exist and are not consumed,
    /// a command type lives on one topic only.
    static func crossCheck(workers: [WorkerSpec], topics: [TopicSpec]) throws {
        let kinds = Set(workers.map(\.kind))
        let names = Set(topics.map(\.name))
        var commandOwners: [String: String] = [:]
        let deadLetterNames = Set(topics.compactMap(\.deadLetter))
        for topic in topics {
            if let retry = topic.retryTopic, names.contains(retry) {
                throw CatalogueError(path: "topics.\(retry)", reason: "is the derived retry topic of \(topic.name); do not declare it")
            }
        }
        for topic in topics {
            let path = "topics.\(topic.name)"
            if let worker = topic.worker, !kinds.contains(worker) {
                throw CatalogueError(path: "\(path).worker", reason: "names worker \(worker), which is not declared under workers")
            }
            if topic.worker != nil && topic.deadLetter == nil {
                throw CatalogueError(path: "\(path).dead_letter", reason: "is required for a topic consumed by a worker")
            }
            if let deadLetter = topic.deadLetter {
                guard names.contains(deadLetter) else {
                    throw CatalogueError(path: "\(path).dead_letter", reason: "names topic \(deadLetter), which is not declared")
                }
                guard deadLetter != topic.name else {
                    throw CatalogueError(path: "\(path).dead_letter", reason: "cannot be the topic itself")
                }
            }
            if deadLetterNames.contains(topic.name) && topic.worker != nil {
                throw CatalogueError(path: "\(path).worker", reason: "a dead-letter topic is not consumed by a worker; `relais dlq replay` re-drives it")
            }
            if !topic.commands.isEmpty && topic.worker == nil {
                throw CatalogueError(path: "\(path).commands", reason: "a topic carrying commands needs a worker")
            }
            for command in topic.commands {
                if let other = commandOwners[command] {
                    throw CatalogueError(path: "\(path).commands", reason: "command \(command) is already carried by \(other)")
                }
                commandOwners[command] = topic.name
            }
        }
    }

    static func isValidTopicName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 249 && name.first != "." && name.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "." || scalar == "-" || scalar == "_"
        }
    }
}
