import Foundation
import KafkaClient
import Logging
import Pipeline
import PostgresClient
import ServiceLifecycle
import Testing
import TestSupport

/// Serialized: these tests start and stop outbox publishers, which ship every pending row.
@Suite("Transactional outbox", .serialized)
struct OutboxTests {
    struct Boom: Error {}

    /// Runs a publisher until `body` returns, then stops it the way a process would.
    static func withPublisher<T>(postgres: PostgresClient, producer: KafkaProducer,
                                 _ body: () async throws -> T) async throws -> T {
        let publisher = OutboxPublisher(postgres: postgres, producer: producer, logger: Logger(label: "test.outbox"),
                                        pollInterval: .milliseconds(200))
        let task = Task { try await publisher.run() }
        defer { task.cancel() }
        return try await body()
    }

    static func idHeader(_ id: UUID) -> [UInt8] { Array(id.uuidString.lowercased().utf8) }

    static func pending(_ id: UUID, postgres: PostgresClient) async throws -> Bool {
        let rows = try await postgres.query("SELECT published_at IS NULL AS pending FROM pipeline.outbox WHERE command_id = \(id)")
        return try rows.first?.decode(Bool.self, column: "pending") ?? false
    }

    @Test("a row and its command committed together reach Kafka exactly once, even when the publisher was stopped at commit time")
    func committedCommandShippedOnce() async throws {
        let topic = TestStack.uniqueName("test.outbox")
        try await KafkaTestConsumer.createTopic(topic)
        let postgres = try await TestClients.migratedPostgres()
        let producer = try TestClients.producer()
        let table = TestStack.uniqueName("visits").replacingOccurrences(of: "-", with: "_")
        try await postgres.execute("CREATE TABLE \(identifier: table) (id uuid PRIMARY KEY, page text NOT NULL)")

        func commitVisit() async throws -> UUID {
            let visit = RecordVisit(visitorID: UUID(), page: "/p", at: .now)
            let envelope = try CommandEnvelope(visit, actor: "user:1", traceparent: nil)
            try await postgres.withTransaction { connection in
                try await connection.execute("INSERT INTO \(identifier: table) (id, page) VALUES (\(visit.visitorID), \(visit.page))")
                try await Outbox.enqueue(envelope, topic: TopicName(topic), on: connection)
            }
            return envelope.id
        }

        // 1. With a publisher running, the commit wakes it through NOTIFY.
        let first = try await Self.withPublisher(postgres: postgres, producer: producer) {
            let id = try await commitVisit()
            _ = try await KafkaTestConsumer.read(topic: topic) { $0.contains { $0.header("relais-id") == Self.idHeader(id) } }
            return id
        }
        // 2. Publisher stopped: the commit stays pending in PostgreSQL, nothing is lost. Other
        //    suites run publishers too, so shipping is paused everywhere by holding their lock.
        try await Task.sleep(for: .milliseconds(300))
        let second = try await postgres.withConnection { lock in
            try await lock.execute("SELECT pg_advisory_lock(\(OutboxPublisher.lockKey))")
            let second = try await commitVisit()
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await Self.pending(second, postgres: postgres))
            try await lock.execute("SELECT pg_advisory_unlock(\(OutboxPublisher.lockKey))")
            return second
        }
        // 3. A new publisher ships it; both commands are in Kafka once each.
        try await Self.withPublisher(postgres: postgres, producer: producer) {
            let messages = try await KafkaTestConsumer.read(topic: topic) { seen in
                seen.contains { $0.header("relais-id") == Self.idHeader(second) }
            }
            try await Task.sleep(for: .seconds(1))
            let again = try await KafkaTestConsumer.read(topic: topic) { $0.count >= messages.count }
            let ids = again.compactMap { $0.header("relais-id") }
            #expect(ids.filter { $0 == Self.idHeader(first) }.count == 1)
            #expect(ids.filter { $0 == Self.idHeader(second) }.count == 1)
            #expect(again.count == 2)
        }
        #expect(try await Self.pending(second, postgres: postgres) == false)
        try await postgres.execute("DROP TABLE \(identifier: table)")
        await producer.shutdown(timeout: .seconds(5))
        await postgres.close()
    }

    @Test("a rolled-back transaction leaves neither row nor command")
    func rollbackProducesNothing() async throws {
        let topic = TestStack.uniqueName("test.outbox")
        try await KafkaTestConsumer.createTopic(topic)
        let postgres = try await TestClients.migratedPostgres()
        let producer = try TestClients.producer()
        let rolledBack = try CommandEnvelope(RecordVisit(visitorID: UUID(), page: "/gone", at: .now), actor: nil, traceparent: nil)
        await #expect(throws: Boom.self) {
            try await postgres.withTransaction { connection in
                try await Outbox.enqueue(rolledBack, topic: TopicName(topic), on: connection)
                throw Boom()
            }
        }
        let rows = try await postgres.query("SELECT count(*) AS n FROM pipeline.outbox WHERE command_id = \(rolledBack.id)")
        #expect(try rows.first?.decode(Int.self, column: "n") == 0)

        // A sentinel committed afterwards proves the publisher ran past where the command would be.
        let sentinel = try CommandEnvelope(RecordVisit(visitorID: UUID(), page: "/kept", at: .now), actor: nil, traceparent: nil)
        try await postgres.withTransaction { connection in
            try await Outbox.enqueue(sentinel, topic: TopicName(topic), on: connection)
        }
        let publisher = OutboxPublisher(postgres: postgres, producer: producer, logger: Logger(label: "test.outbox"))
        // Publishers of other suites may ship some rows first: Kafka is the proof, not the count.
        _ = try await publisher.drain()
        let messages = try await KafkaTestConsumer.read(topic: topic) { $0.contains { $0.header("relais-id") == Self.idHeader(sentinel.id) } }
        #expect(!messages.contains { $0.header("relais-id") == Self.idHeader(rolledBack.id) })
        await producer.shutdown(timeout: .seconds(5))
        await postgres.close()
    }

    @Test("commands of one key are shipped in commit order")
    func orderKeptPerKey() async throws {
        let topic = TestStack.uniqueName("test.outbox")
        try await KafkaTestConsumer.createTopic(topic, partitions: 3)
        let postgres = try await TestClients.migratedPostgres()
        let producer = try TestClients.producer()
        let visitor = UUID()
        var ids: [UUID] = []
        for index in 0..<50 {
            let envelope = try CommandEnvelope(RecordVisit(visitorID: visitor, page: "/\(index)", at: .now), actor: nil, traceparent: nil)
            try await postgres.withTransaction { try await Outbox.enqueue(envelope, topic: TopicName(topic), on: $0) }
            ids.append(envelope.id)
        }
        let publisher = OutboxPublisher(postgres: postgres, producer: producer, logger: Logger(label: "test.outbox"), batchSize: 7)
        // Publishers of other suites may ship some rows first (in order too, under the same lock).
        _ = try await publisher.drain()
        let messages = try await KafkaTestConsumer.read(topic: topic) { $0.count >= 50 }
        #expect(messages.compactMap { $0.header("relais-id") } == ids.map(Self.idHeader))
        await producer.shutdown(timeout: .seconds(5))
        await postgres.close()
    }

    @Test("several commands queued in one statement are shipped in the order given, and roll back together")
    func batchEnqueue() async throws {
        let topic = TestStack.uniqueName("test.outbox")
        try await KafkaTestConsumer.createTopic(topic, partitions: 3)
        let postgres = try await TestClients.migratedPostgres()
        let producer = try TestClients.producer()
        let visitor = UUID()
        let entries = try (0..<5).map { index in
            Outbox.Entry(envelope: try CommandEnvelope(RecordVisit(visitorID: visitor, page: "/batch/\(index)", at: .now), actor: nil, traceparent: nil),
                         topic: TopicName(topic))
        }
        let rolledBack = try Outbox.Entry(RecordVisit(visitorID: visitor, page: "/rolled-back", at: .now), actor: "user:1", traceparent: nil)
        await #expect(throws: Boom.self) {
            try await postgres.withTransaction { connection in
                try await Outbox.enqueue([rolledBack], on: connection)
                throw Boom()
            }
        }
        try await postgres.withTransaction { try await Outbox.enqueue([], on: $0) }
        try await postgres.withTransaction { try await Outbox.enqueue(entries, on: $0) }

        let stored = try await postgres.query("""
            SELECT command_id FROM pipeline.outbox WHERE command_id = ANY(\(entries.map(\.envelope.id) + [rolledBack.envelope.id])) ORDER BY seq
            """).map { try $0.decode(UUID.self, column: "command_id") }
        #expect(stored == entries.map(\.envelope.id))
        let publisher = OutboxPublisher(postgres: postgres, producer: producer, logger: Logger(label: "test.outbox"))
        _ = try await publisher.drain()
        let messages = try await KafkaTestConsumer.read(topic: topic) { $0.count >= 5 }
        #expect(messages.compactMap { $0.header("relais-id") } == entries.map { Self.idHeader($0.envelope.id) })
        await producer.shutdown(timeout: .seconds(5))
        await postgres.close()
    }

    @Test("a list longer than one statement's parameters allow is queued whole, in order")
    func longBatchEnqueue() async throws {
        let postgres = try await TestClients.migratedPostgres()
        let visitor = UUID()
        let topic = TopicName(TestStack.uniqueName("test.outbox-long"))
        // Publishers of other suites may ship these rows meanwhile: the topic must exist.
        try await KafkaTestConsumer.createTopic(topic.name, partitions: 1)
        let entries = try (0..<(Outbox.maximumEntriesPerStatement + 3)).map { index in
            Outbox.Entry(envelope: try CommandEnvelope(RecordVisit(visitorID: visitor, page: "/long/\(index)", at: .now), actor: nil, traceparent: nil),
                         topic: topic)
        }
        try await postgres.withTransaction { try await Outbox.enqueue(entries, on: $0) }
        let stored = try await postgres.query("""
            SELECT command_id FROM pipeline.outbox WHERE topic = \(topic.name) ORDER BY seq
            """).map { try $0.decode(UUID.self, column: "command_id") }
        #expect(stored == entries.map(\.envelope.id))
        try await postgres.execute("DELETE FROM pipeline.outbox WHERE topic = \(topic.name)")
        await postgres.close()
    }
}
