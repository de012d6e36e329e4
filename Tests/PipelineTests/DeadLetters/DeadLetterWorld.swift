import Foundation
import KafkaClient
import Logging
@testable import Pipeline
import Platform
import PostgresClient
import Testing
import TestSupport

/// A test world for dead-letter tooling: its own source topics (created on the broker, because any
/// outbox publisher running in another suite may ship what a replay enqueues), consumer group and
/// dead letters written by the runtime's own `DeadLetterWriter`.
struct DeadLetterWorld {
    let topic: String
    let otherTopic: String
    let group: String
    let postgres: PostgresClient
    let producer: KafkaProducer
    let store: DeadLetterStore

    init() async throws {
        topic = TestStack.uniqueName("test.dlq")
        otherTopic = TestStack.uniqueName("test.dlq-other")
        group = TestStack.uniqueName("relais.test-dlq")
        for name in [topic, otherTopic] {
            try await KafkaTestConsumer.createTopic(name)
            try await KafkaTestConsumer.createTopic("\(name).dlq")
        }
        postgres = try await TestClients.migratedPostgres()
        producer = try TestClients.producer()
        store = DeadLetterStore(postgres: postgres, logger: Logger(label: "test.dlq"))
    }

    /// A command of `key`, as a consumer would have received it on its `attempt`.
    func envelope(key: String, page: String = "/p", attempt: Int = 1) throws -> CommandEnvelope {
        var envelope = try CommandEnvelope(RecordVisit(visitorID: UUID(), page: page, at: Date(timeIntervalSince1970: 1_700_000_000)),
                                           actor: "user:42", traceparent: .random())
        envelope.key = key
        envelope.attempt = attempt
        return envelope
    }

    /// Dead-letters `envelope` as the runtime does after its last attempt; returns the dead letter id.
    @discardableResult
    func deadLetter(_ envelope: CommandEnvelope, topic: String? = nil, offset: Int64 = 7,
                    code: String = "always_down") async throws -> UUID {
        let source = topic ?? self.topic
        let message = KafkaMessage(topic: source, partition: 0, offset: offset, key: Array(envelope.key.utf8),
                                   value: envelope.payload, headers: envelope.headers, timestamp: nil)
        let writer = DeadLetterWriter(producer: producer, postgres: postgres, consumerGroup: group)
        return try await writer.write(envelope, position: DeliveryPosition(message: message), deadLetterTopic: "\(source).dlq",
                                      failure: .retryable(code, "the test dependency is down"), attempts: envelope.attempt)
    }

    /// Parks `envelope` behind `deadLetter` through the runtime's strict-order parking.
    func park(_ envelope: CommandEnvelope, behind deadLetter: UUID) async throws -> Bool {
        let parking = StrictOrderParking(postgres: postgres, consumerGroup: group)
        parking.blockKey(envelope.key, topic: topic, deadLetter: deadLetter)
        return try await parking.parkIfBlocked(envelope, topic: topic)
    }

    struct OutboxRow {
        let seq: Int64
        let topic: String
        let key: String
        let type: String
        let version: Int
        let actor: String?
        let traceparent: String?
        let issuedAt: Date
        let payload: [UInt8]
    }

    /// The outbox rows of `commandID` (shipped or not: a publisher may ship them at any time).
    func outbox(_ commandID: UUID) async throws -> [OutboxRow] {
        try await postgres.query("""
            SELECT seq, topic, message_key, command_type, version, actor, traceparent, issued_at, payload
            FROM pipeline.outbox WHERE command_id = \(commandID)
            """).map { row in
            OutboxRow(seq: try row.decode(Int64.self, column: "seq"), topic: try row.decode(String.self, column: "topic"),
                      key: try row.decode(String.self, column: "message_key"), type: try row.decode(String.self, column: "command_type"),
                      version: try row.decode(Int.self, column: "version"), actor: try row.decode(String?.self, column: "actor"),
                      traceparent: try row.decode(String?.self, column: "traceparent"),
                      issuedAt: try row.decode(Date.self, column: "issued_at"), payload: try row.decode([UInt8].self, column: "payload"))
        }
    }

    func parkedCount(behind deadLetter: UUID) async throws -> Int {
        try await postgres.query("SELECT count(*) AS n FROM pipeline.parked_commands WHERE blocked_by = \(deadLetter)")
            .first?.decode(Int.self, column: "n") ?? -1
    }

    func summary(_ id: UUID) async throws -> DeadLetterSummary {
        try #require(try await store.summaries(ids: [id]).first)
    }

    /// Ships what the test enqueued, so no pending row of this test outlives it.
    func drain() async throws {
        try await OutboxPublisher(postgres: postgres, producer: producer, logger: Logger(label: "test.dlq")).drain()
    }

    func close() async {
        await producer.shutdown(timeout: .seconds(5))
        await postgres.close()
    }
}
