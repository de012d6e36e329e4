import Foundation
import KafkaClient
import Logging
import Pipeline
import Platform
import Testing
import TestSupport

@Suite("Publishing commands to Kafka")
struct CommandPublisherTests {
    static func catalogue(topic: TopicName) throws -> TopicCatalogue {
        try TopicCatalogue.parse(yaml: """
            version: 1
            workers:
              visits: { group: \(TestStack.uniqueName("visits")) }
            topics:
              \(topic.name):
                key: visitor id
                worker: visits
                commands: [RecordVisit]
                dead_letter: \(topic.name).dlq
              \(topic.name).dlq:
                key: same
            """)
    }

    @Test("a published command is acknowledged with its offset and arrives with its envelope")
    func publishAndConsume() async throws {
        try await KafkaTestConsumer.createTopic(RecordVisit.topic.name)
        let producer = try TestClients.producer()
        let publisher = KafkaCommandPublisher(producer: producer, catalogue: try Self.catalogue(topic: RecordVisit.topic),
                                              logger: Logger(label: "test"))
        // Whole seconds: payload times travel with millisecond precision.
        let command = RecordVisit(visitorID: UUID(), page: "/catalogue", at: Date(timeIntervalSince1970: 1_700_000_000))
        let trace = TraceParent.random()
        let receipt = try await publisher.publish(command, actor: "user:7", traceparent: trace)
        #expect(receipt.topic == RecordVisit.topic.name)
        #expect(receipt.offset >= 0)

        let messages = try await KafkaTestConsumer.read(topic: RecordVisit.topic.name) { seen in
            seen.contains { $0.header("relais-id") == Array(receipt.commandID.uuidString.lowercased().utf8) }
        }
        let message = try #require(messages.first { $0.offset == receipt.offset && $0.partition == receipt.partition })
        let envelope = try CommandEnvelope(message: message)
        #expect(envelope.id == receipt.commandID)
        #expect(try envelope.decode(RecordVisit.self) == command)
        #expect(envelope.traceparent?.traceID == trace.traceID, "the command continues the caller's trace")
        await producer.shutdown(timeout: .seconds(5))
    }

    @Test("when the broker does not acknowledge, publish fails with brokerUnavailable instead of hanging")
    func brokerDownIsReported() async throws {
        let producer = try TestClients.producer(brokers: "127.0.0.1:1", messageTimeout: .seconds(1))
        let publisher = KafkaCommandPublisher(producer: producer, catalogue: try Self.catalogue(topic: RecordVisit.topic),
                                              logger: Logger(label: "test"))
        let start = ContinuousClock.now
        await #expect {
            _ = try await publisher.publish(RecordVisit(visitorID: UUID(), page: "/", at: .now), actor: nil, traceparent: nil)
        } throws: { error in
            (error as? PipelineError)?.code == .brokerUnavailable
        }
        #expect(ContinuousClock.now - start < .seconds(10))
        await producer.shutdown(timeout: .seconds(1))
    }

    @Test("a command for a topic missing from the catalogue is refused before reaching Kafka")
    func unknownTopicRefused() async throws {
        let producer = try TestClients.producer()
        let publisher = KafkaCommandPublisher(producer: producer, catalogue: try Self.catalogue(topic: "some.other.topic"),
                                              logger: Logger(label: "test"))
        await #expect {
            _ = try await publisher.publish(RecordVisit(visitorID: UUID(), page: "/", at: .now), actor: nil, traceparent: nil)
        } throws: { error in
            (error as? PipelineError)?.code == .unknownTopic
        }
        await producer.shutdown(timeout: .seconds(1))
    }
}
