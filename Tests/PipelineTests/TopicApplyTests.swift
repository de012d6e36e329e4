import Foundation
import KafkaClient
import Logging
import Pipeline
import Testing
import TestSupport

@Suite("topics plan and apply against the broker")
struct TopicApplyTests {
    @Test("applying the real topics.yaml twice changes nothing the second time")
    func applyIsIdempotent() async throws {
        let catalogue = try TopicCatalogue.load(path: TopicCatalogueTests.realFile)
        let admin = try KafkaAdmin(brokers: TestStack.kafkaBrokers, logger: Logger(label: "test.topics"))
        defer { admin.close() }
        let planner = TopicPlanner(admin: admin, catalogue: catalogue)
        try await planner.apply()
        let second = try await planner.plan()
        #expect(second.isEmpty, "\(second)")
        let described = try await admin.describeTopics(catalogue.kafkaTopics.map(\.name), timeout: .seconds(10))
        #expect(Set(described.map(\.name)) == Set(catalogue.kafkaTopics.map(\.name)))
        let dlq = try #require(described.first { $0.name == "privacy.requests.dlq" })
        #expect(dlq.partitions == 3)
        #expect(dlq.configs["retention.ms"] == String(90 * 86_400_000))
    }

    @Test("plan reports a topic missing from the broker without creating it")
    func planDoesNotChange() async throws {
        let name = TestStack.uniqueName("test.plan")
        let catalogue = try TopicCatalogue.parse(yaml: """
            version: 1
            workers: {}
            topics:
              \(name):
                key: anything
            """)
        let admin = try KafkaAdmin(brokers: TestStack.kafkaBrokers, logger: Logger(label: "test.topics"))
        defer { admin.close() }
        let planner = TopicPlanner(admin: admin, catalogue: catalogue)
        let changes = try await planner.plan()
        #expect(changes.count == 1)
        #expect(try await planner.plan().count == 1, "plan twice: still missing, plan changed nothing")
        try await planner.apply()
        #expect(try await planner.plan().isEmpty)
    }
}
