import KafkaClient
import Logging

/// Compares the catalogue with the broker (`plan`) and aligns the broker with it (`apply`).
/// Applying twice changes nothing the second time.
public struct TopicPlanner: Sendable {
    private let admin: KafkaAdmin
    private let catalogue: TopicCatalogue
    private let timeout: Duration

    public init(admin: KafkaAdmin, catalogue: TopicCatalogue, timeout: Duration = .seconds(15)) {
        self.admin = admin
        self.catalogue = catalogue
        self.timeout = timeout
    }

    /// What would change, in catalogue order; empty when the broker matches topics.yaml.
    public func plan() async throws -> [TopicChange] {
        let existing = try await admin.describeTopics(catalogue.kafkaTopics.map(\.name), timeout: timeout)
        return Self.changes(catalogue: catalogue, existing: existing)
    }

    /// Makes the automatic changes; returns every change found (the manual ones included, so the
    /// caller can report them).
    @discardableResult
    public func apply() async throws -> [TopicChange] {
        let changes = try await plan()
        let creations = changes.compactMap { change -> KafkaTopicSpec? in
            guard case .create(let spec) = change else { return nil }
            return KafkaTopicSpec(name: spec.name, partitions: Int32(spec.partitions),
                                  replicationFactor: Int16(spec.replicationFactor), configs: spec.kafkaConfigs)
        }
        if !creations.isEmpty {
            _ = try await admin.createTopics(creations, timeout: timeout)
        }
        var alterations: [String: [String: String]] = [:]
        for case .alterConfig(let topic, let key, _, let wanted) in changes {
            alterations[topic, default: [:]][key] = wanted
        }
        for (topic, configs) in alterations.sorted(by: { $0.key < $1.key }) {
            try await admin.alterTopicConfigs(topic, configs: configs, timeout: timeout)
        }
        return changes
    }

    /// Pure comparison, separated from I/O so it is unit-tested without a broker.
    public static func changes(catalogue: TopicCatalogue, existing: [KafkaTopicDescription]) -> [TopicChange] {
        let byName = Dictionary(existing.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [TopicChange] = []
        for spec in catalogue.kafkaTopics {
            guard let current = byName[spec.name] else {
                changes.append(.create(spec))
                continue
            }
            if Int(current.partitions) != spec.partitions {
                changes.append(.partitionMismatch(topic: spec.name, current: Int(current.partitions), wanted: spec.partitions))
            }
            for (key, wanted) in spec.kafkaConfigs.sorted(by: { $0.key < $1.key }) where current.configs[key] != wanted {
                changes.append(.alterConfig(topic: spec.name, key: key, current: current.configs[key], wanted: wanted))
            }
        }
        return changes
    }
}
