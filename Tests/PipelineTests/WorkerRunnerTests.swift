import Foundation
import KafkaClient
import Logging
import Pipeline
import Platform
import PostgresClient
import ServiceLifecycle
import Synchronization
import Testing
import TestSupport

/// The consumer runtime against the real broker and database: at-least-once with inbox
/// idempotency, retries through the retry topic, dead letters, strict ordering.
@Suite("Worker runtime")
struct WorkerRunnerTests {
    /// A test world: its own topics, table and consumer group.
    struct World {
        let topic: String
        let table: String
        let catalogue: TopicCatalogue
        let postgres: PostgresClient
        let producer: KafkaProducer

        init(ordering: String = "partition", attempts: Int = 3, partitions: Int = 3) async throws {
            topic = TestStack.uniqueName("test.runner")
            table = TestStack.uniqueName("runner").replacingOccurrences(of: "-", with: "_")
            catalogue = try TopicCatalogue.parse(yaml: """
                version: 1
                workers:
                  visits: { group: \(TestStack.uniqueName("relais.test-visits")) }
                topics:
                  \(topic):
                    partitions: \(partitions)
                    key: visitor id
                    worker: visits
                    commands: [RecordVisit]
                    ordering: \(ordering)
                    retry: { attempts: \(attempts), initial: 100ms, max: 300ms, jitter: 0 }
                    dead_letter: \(topic).dlq
                  \(topic).dlq:
                    partitions: 1
                    key: same
                """)
            postgres = try await TestClients.migratedPostgres()
            producer = try TestClients.producer()
            let admin = try KafkaAdmin(brokers: TestStack.kafkaBrokers, logger: Logger(label: "test"))
            defer { admin.close() }
            try await TopicPlanner(admin: admin, catalogue: catalogue).apply()
            try await postgres.execute("CREATE TABLE \(identifier: table) (command_id uuid PRIMARY KEY, visitor text NOT NULL, page text NOT NULL, attempt int NOT NULL, done_at timestamptz NOT NULL DEFAULT clock_timestamp())")
        }

        var worker: WorkerSpec { catalogue.workers[0] }

        func publish(_ visit: RecordVisit) async throws -> UUID {
            let envelope = try CommandEnvelope(visit, actor: nil, traceparent: nil)
            _ = try await producer.send(envelope.message(topic: TopicName(topic)))
            return envelope.id
        }

        func runner(_ handler: some CommandHandler) -> (WorkerRunner, WorkerHealth) {
            var handlers = HandlerRegistry()
            handlers.register(handler)
            let settings = RunnerSettings.testing
            let health = WorkerHealth(hungThreshold: .seconds(2))
            let runner = WorkerRunner(worker: worker, catalogue: catalogue, handlers: handlers, brokers: TestStack.kafkaBrokers,
                                      producer: producer, postgres: postgres, health: health, settings: settings,
                                      logger: Logger(label: "test.runner"))
            return (runner, health)
        }

        func rows() async throws -> [(commandID: UUID, page: String, attempt: Int)] {
            try await postgres.query("SELECT command_id, page, attempt FROM \(identifier: table)").map {
                (try $0.decode(UUID.self, column: "command_id"), try $0.decode(String.self, column: "page"), try $0.decode(Int.self, column: "attempt"))
            }
        }

        func waitFor(_ what: String, timeout: Duration = .seconds(40), _ condition: () async throws -> Bool) async throws {
            try await Eventually.wait(for: what, timeout: timeout, every: .milliseconds(200), condition)
        }

        func close() async {
            _ = try? await postgres.execute("DROP TABLE IF EXISTS \(identifier: table)")
            await producer.shutdown(timeout: .seconds(5))
            await postgres.close()
        }
    }

    /// Records each visit once through the inbox; pages named "fail-N" fail retryably until
    /// attempt N, "poison" always fails, "bad" fails permanently.
    struct VisitHandler: CommandHandler {
        let world: World
        let calls: Counter

        func handle(_ visit: RecordVisit, context: HandlerContext) async throws {
            calls.add(visit.page)
            if visit.page == "poison" { throw HandlerFailure.retryable("always_down", "the test dependency is down") }
            if visit.page == "bad" { throw HandlerFailure.permanent("bad_visit", "the visit is invalid") }
            if visit.page == "fatal" { throw HandlerFailure.fatal("schema_gone", "the test's schema is missing") }
            if visit.page.hasPrefix("slow") { try await Task.sleep(for: .milliseconds(400)) }
            if visit.page.hasPrefix("fail-"), let until = Int(visit.page.dropFirst(5)), context.attempt < until {
                throw HandlerFailure.retryable("flaky", "fails until attempt \(until)")
            }
            try await Inbox.once(group: context.consumerGroup, commandID: context.commandID, postgres: world.postgres) { connection in
                try await connection.execute("""
                    INSERT INTO \(identifier: world.table) (command_id, visitor, page, attempt)
                    VALUES (\(context.commandID), \(context.key), \(visit.page), \(context.attempt))
                    """)
            }
        }
    }

    final class Counter: Sendable {
        let pages = Mutex<[String: Int]>([:])
        func add(_ page: String) { pages.withLock { $0[page, default: 0] += 1 } }
        func count(_ page: String) -> Int { pages.withLock { $0[page] ?? 0 } }
    }

    func visit(_ page: String, visitor: UUID = UUID()) -> RecordVisit {
        RecordVisit(visitorID: visitor, page: page, at: Date(timeIntervalSince1970: 1_700_000_000))
    }

    @Test("every command is handled, and a redelivered command changes nothing (inbox)")
    func handledOnceEach() async throws {
        let world = try await World()
        var ids: [UUID] = []
        for index in 0..<300 { ids.append(try await world.publish(visit("p\(index)"))) }
        // Deliver one command twice, as a crash between effect and commit would.
        let duplicate = try CommandEnvelope(visit("dup"), actor: nil, traceparent: nil)
        _ = try await world.producer.send(duplicate.message(topic: TopicName(world.topic)))
        _ = try await world.producer.send(duplicate.message(topic: TopicName(world.topic)))
        let calls = Counter()
        let (runner, _) = world.runner(VisitHandler(world: world, calls: calls))
        let task = Task { try await runner.run() }
        try await world.waitFor("301 rows") { try await world.rows().count >= 301 }
        task.cancel()
        _ = await task.result
        let rows = try await world.rows()
        #expect(rows.count == 301)
        #expect(Set(rows.map(\.commandID)).isSuperset(of: ids))
        #expect(calls.count("dup") == 2, "the handler ran twice but the inbox kept one effect")
        await world.close()
    }

    @Test("a retryable failure that succeeds on the third attempt is handled once, with the attempt visible")
    func retryThenSucceed() async throws {
        let world = try await World(attempts: 5)
        let id = try await world.publish(visit("fail-3"))
        let calls = Counter()
        let (runner, _) = world.runner(VisitHandler(world: world, calls: calls))
        let task = Task { try await runner.run() }
        try await world.waitFor("the retried command") { try await world.rows().contains { $0.commandID == id } }
        task.cancel()
        _ = await task.result
        let row = try #require(try await world.rows().first { $0.commandID == id })
        #expect(row.attempt == 3)
        #expect(calls.count("fail-3") == 3)
        await world.close()
    }

    @Test("a poison command reaches the dead-letter topic after its attempts while other commands flow past it")
    func poisonIsDeadLettered() async throws {
        let world = try await World(attempts: 3)
        let visitor = UUID()
        let poison = try await world.publish(visit("poison", visitor: visitor))
        for index in 0..<200 { _ = try await world.publish(visit("ok\(index)")) }
        let calls = Counter()
        let (runner, _) = world.runner(VisitHandler(world: world, calls: calls))
        let task = Task { try await runner.run() }
        try await world.waitFor("the other commands") { try await world.rows().count >= 200 }
        try await world.waitFor("the dead letter") {
            try await !world.postgres.query("SELECT 1 AS x FROM pipeline.dead_letters WHERE command_id = \(poison)").isEmpty
        }
        task.cancel()
        _ = await task.result
        #expect(calls.count("poison") == 3)
        let row = try #require(try await world.postgres.query("""
            SELECT source_topic, attempts, error_code, dead_letter_topic FROM pipeline.dead_letters WHERE command_id = \(poison)
            """).first)
        #expect(try row.decode(String.self, column: "source_topic") == world.topic)
        #expect(try row.decode(Int.self, column: "attempts") == 3)
        #expect(try row.decode(String.self, column: "error_code") == "always_down")
        let messages = try await KafkaTestConsumer.read(topic: "\(world.topic).dlq") { !$0.isEmpty }
        let dead = try #require(messages.first)
        #expect(dead.header("relais-error-code") == Array("always_down".utf8))
        #expect(dead.header("relais-source-topic") == Array(world.topic.utf8))
        #expect(dead.header("relais-attempt") == Array("3".utf8))
        #expect(dead.header("relais-first-failure-at") != nil)
        await world.close()
    }

    @Test("with ordering: strict, the next command of a dead-lettered key is parked while other keys flow")
    func strictOrderingParks() async throws {
        let world = try await World(ordering: "strict", attempts: 1)
        let visitor = UUID()
        let bad = try await world.publish(visit("bad", visitor: visitor))
        let next = try await world.publish(visit("after-bad", visitor: visitor))
        let other = try await world.publish(visit("other"))
        let calls = Counter()
        let (runner, _) = world.runner(VisitHandler(world: world, calls: calls))
        let task = Task { try await runner.run() }
        try await world.waitFor("the parked command") {
            try await !world.postgres.query("SELECT 1 AS x FROM pipeline.parked_commands WHERE command_id = \(next)").isEmpty
        }
        try await world.waitFor("the other key") { try await world.rows().contains { $0.commandID == other } }
        task.cancel()
        _ = await task.result
        #expect(calls.count("after-bad") == 0, "a later command of the key never ran out of order")
        #expect(try await !world.postgres.query("SELECT 1 AS x FROM pipeline.dead_letters WHERE command_id = \(bad)").isEmpty)
        await world.close()
    }

    @Test("with ordering: key, keys of one partition run side by side while each key keeps its order")
    func keyOrderedParallelism() async throws {
        let world = try await World(ordering: "key", partitions: 1)
        let slowKey = UUID()
        let fastKey = UUID()
        let slowPages = ["slow-1", "slow-2", "slow-3"]
        let fastPages = (1...6).map { "fast-\($0)" }
        for page in slowPages { _ = try await world.publish(visit(page, visitor: slowKey)) }
        for page in fastPages { _ = try await world.publish(visit(page, visitor: fastKey)) }
        let calls = Counter()
        let (runner, _) = world.runner(VisitHandler(world: world, calls: calls))
        let task = Task { try await runner.run() }
        try await world.waitFor("all nine") { try await world.rows().count >= 9 }
        task.cancel()
        _ = await task.result
        let ordered = try await world.postgres.query("SELECT visitor, page FROM \(identifier: world.table) ORDER BY done_at")
            .map { (try $0.decode(String.self, column: "visitor"), try $0.decode(String.self, column: "page")) }
        #expect(ordered.filter { $0.0 == slowKey.uuidString.lowercased() }.map(\.1) == slowPages, "one key stays in order")
        #expect(ordered.filter { $0.0 == fastKey.uuidString.lowercased() }.map(\.1) == fastPages, "one key stays in order")
        #expect(ordered.prefix(6).allSatisfy { $0.1.hasPrefix("fast") }, "the fast key did not wait behind the slow one")
        await world.close()
    }

    final class Traces: Sendable {
        let seen = Mutex<[UUID: TraceParent]>([:])
    }

    struct TraceHandler: CommandHandler {
        let traces: Traces
        func handle(_ visit: RecordVisit, context: HandlerContext) async throws {
            traces.seen.withLock { $0[context.commandID] = context.traceparent }
        }
    }

    @Test("a handler runs as a child of the command's trace (same trace id, new span id)")
    func traceContinuity() async throws {
        let world = try await World()
        let trace = TraceParent.random()
        let envelope = try CommandEnvelope(visit("traced"), actor: nil, traceparent: trace)
        _ = try await world.producer.send(envelope.message(topic: TopicName(world.topic)))
        let traces = Traces()
        let (runner, _) = world.runner(TraceHandler(traces: traces))
        let task = Task { try await runner.run() }
        try await world.waitFor("the traced command") { traces.seen.withLock { $0[envelope.id] != nil } }
        task.cancel()
        _ = await task.result
        let seen = try #require(traces.seen.withLock { $0[envelope.id] })
        #expect(seen.traceID == trace.traceID)
        #expect(seen.parentID != trace.parentID)
        await world.close()
    }

    @Test("a fatal failure stops the worker without committing the command, which is delivered again")
    func fatalStopsWithoutCommit() async throws {
        let world = try await World(partitions: 1)
        let id = try await world.publish(visit("fatal"))
        let (runner, _) = world.runner(VisitHandler(world: world, calls: Counter()))
        let result = await Task { try await runner.run() }.result
        #expect(throws: WorkerFatalError.self) { try result.get() }
        // Same group, new process: the command was not committed, so it comes back.
        let traces = Traces()
        let (second, _) = world.runner(TraceHandler(traces: traces))
        let task = Task { try await second.run() }
        try await world.waitFor("the redelivered command") { traces.seen.withLock { $0[id] != nil } }
        task.cancel()
        _ = await task.result
        await world.close()
    }
}
