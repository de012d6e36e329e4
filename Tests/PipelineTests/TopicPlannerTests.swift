import KafkaClient
import Pipeline
import Testing

@Suite("Topic plan (pure comparison)")
struct TopicPlannerTests {
    let catalogue = try! TopicCatalogue.parse(yaml: TopicCatalogueTests.valid)

    @Test("missing topics (retry topics included) are created, differing retention is altered, partition changes are manual")
    func changes() {
        let existing = [
            KafkaTopicDescription(name: "email.send", partitions: 3, configs: ["retention.ms": "1000"]),
        ]
        let changes = TopicPlanner.changes(catalogue: catalogue, existing: existing)
        #expect(changes.count == 4)
        #expect(changes.contains(.partitionMismatch(topic: "email.send", current: 3, wanted: 6)))
        #expect(changes.contains(.alterConfig(topic: "email.send", key: "retention.ms", current: "1000", wanted: "604800000")))
        #expect(changes.contains { if case .create(let spec) = $0 { spec.name == "email.send.dlq" } else { false } })
        #expect(changes.contains { if case .create(let spec) = $0 { spec.name == "email.send.retry" } else { false } })
        #expect(changes.filter(\.isAutomatic).count == 3)
    }

    @Test("a broker that matches the catalogue yields no change")
    func noChange() {
        let existing = catalogue.kafkaTopics.map {
            KafkaTopicDescription(name: $0.name, partitions: Int32($0.partitions), configs: $0.kafkaConfigs.merging(["cleanup.policy": "delete"]) { a, _ in a })
        }
        #expect(TopicPlanner.changes(catalogue: catalogue, existing: existing).isEmpty)
    }
}
