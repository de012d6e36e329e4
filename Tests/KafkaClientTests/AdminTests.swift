import KafkaClient
import Testing

@Suite("Topic administration")
struct AdminTests {
    @Test("Created topics are described with their partitions and configs, listed, and re-creating reports alreadyExists")
    func createDescribeListTopics() async throws {
        let admin = try KafkaAdmin(brokers: TestSupport.brokers, logger: TestSupport.logger)
        defer { admin.close() }
        let name = TestSupport.uniqueName("admin")
        let spec = KafkaTopicSpec(name: name, partitions: 3, configs: ["retention.ms": "123456789"])

        let created = try await admin.createTopics([spec], timeout: .seconds(10))
        #expect(created == [name: .created])
        let again = try await admin.createTopics([spec], timeout: .seconds(10))
        #expect(again == [name: .alreadyExists])

        let missing = TestSupport.uniqueName("missing")
        let described = try await admin.describeTopics([name, missing], timeout: .seconds(10))
        #expect(described.map(\.name) == [name])
        #expect(described.first?.partitions == 3)
        #expect(described.first?.configs["retention.ms"] == "123456789")

        let topics = try await admin.listTopics(timeout: .seconds(10))
        #expect(topics.contains(name))
        #expect(!topics.contains(missing))
    }

    @Test("A deleted topic is no longer listed; deleting an unknown topic reports it per topic")
    func deleteTopics() async throws {
        let admin = try KafkaAdmin(brokers: TestSupport.brokers, logger: TestSupport.logger)
        defer { admin.close() }
        let name = TestSupport.uniqueName("delete")
        _ = try await admin.createTopics([KafkaTopicSpec(name: name, partitions: 2)], timeout: .seconds(10))
        #expect(try await admin.listTopics(timeout: .seconds(10)).contains(name))

        let outcomes = try await admin.deleteTopics([name], timeout: .seconds(10))
        #expect(outcomes.keys.sorted() == [name])
        #expect(outcomes[name] == .some(nil))
        #expect(!(try await admin.listTopics(timeout: .seconds(10))).contains(name))

        let unknown = TestSupport.uniqueName("never-created")
        let missing = try await admin.deleteTopics([unknown], timeout: .seconds(10))
        #expect(missing[unknown]??.code == .unknownTopic)
    }

    @Test("Altering a topic config either takes effect or throws unsupported")
    func alterTopicConfigs() async throws {
        let admin = try KafkaAdmin(brokers: TestSupport.brokers, logger: TestSupport.logger)
        defer { admin.close() }
        let name = TestSupport.uniqueName("alter")
        _ = try await admin.createTopics(
            [KafkaTopicSpec(name: name, partitions: 1, configs: ["retention.ms": "1000000"])], timeout: .seconds(10)
        )
        do {
            try await admin.alterTopicConfigs(name, configs: ["retention.ms": "2000000"], timeout: .seconds(10))
            let described = try await admin.describeTopics([name], timeout: .seconds(10))
            #expect(described.first?.configs["retention.ms"] == "2000000")
        } catch let error as KafkaError {
            #expect(error.code == .unsupported, "\(error)")
        }
    }

    @Test("Requests after close throw closed")
    func requestsAfterCloseThrowClosed() async throws {
        let admin = try KafkaAdmin(brokers: TestSupport.brokers, logger: TestSupport.logger)
        admin.close()
        admin.close()
        let error = await #expect(throws: KafkaError.self) {
            _ = try await admin.listTopics(timeout: .seconds(1))
        }
        #expect(error?.code == .closed)
    }
}
