import Foundation
import KafkaClient
import Logging
import Pipeline
import PostgresClient
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Worker processes as operators run them: killed hard, scaled out, hung.
@Suite("Worker processes", .serialized)
struct WorkerProcessTests {
    struct World {
        let topic: String
        let table: String
        let catalogueFile: URL
        let postgres: PostgresClient
        let producer: KafkaProducer

        init(partitions: Int = 6) async throws {
            topic = TestStack.uniqueName("test.workers")
            table = TestStack.uniqueName("workers").replacingOccurrences(of: "-", with: "_")
            let yaml = """
                version: 1
                workers:
                  visits: { group: \(TestStack.uniqueName("relais.test-workers")) }
                topics:
                  \(topic):
                    partitions: \(partitions)
                    key: visitor id
                    worker: visits
                    commands: [RecordVisit]
                    retry: { attempts: 3, initial: 100ms, max: 300ms }
                    dead_letter: \(topic).dlq
                  \(topic).dlq:
                    partitions: 1
                    key: same
                """
            catalogueFile = FileManager.default.temporaryDirectory.appendingPathComponent("\(topic).yaml")
            try yaml.write(to: catalogueFile, atomically: true, encoding: .utf8)
            postgres = try await TestClients.migratedPostgres()
            producer = try TestClients.producer()
            let admin = try KafkaAdmin(brokers: TestStack.kafkaBrokers, logger: Logger(label: "test"))
            defer { admin.close() }
            try await TopicPlanner(admin: admin, catalogue: try TopicCatalogue.parse(yaml: yaml)).apply()
            try await postgres.execute("CREATE TABLE \(identifier: table) (command_id uuid PRIMARY KEY, page text NOT NULL, handled_by int NOT NULL)")
        }

        func startWorker(port: Int = TestStack.serverPort()) throws -> (RelaisProcess, Int) {
            let worker = try RelaisProcess([], environment: [
                "RELAIS_TOPICS_FILE": catalogueFile.path, "TEST_TABLE": table, "WORKER_PORT": String(port),
            ], binary: "relais-test-worker")
            return (worker, port)
        }

        /// Publishes `pages` as commands (one visitor per 10 pages) and returns their ids.
        func publish(_ pages: [String]) async throws -> [UUID] {
            var ids: [UUID] = []
            var messages: [KafkaOutgoingMessage] = []
            var visitor = UUID()
            for (index, page) in pages.enumerated() {
                if index % 10 == 0 { visitor = UUID() }
                let payload = Array("{\"page\":\"\(page)\",\"visitor_id\":\"\(visitor.uuidString)\"}".utf8)
                let envelope = CommandEnvelope(type: "RecordVisit", version: 1, actor: nil, traceparent: nil,
                                               key: visitor.uuidString.lowercased(), payload: payload)
                ids.append(envelope.id)
                messages.append(envelope.message(topic: TopicName(topic)))
            }
            let results = try await producer.sendBatch(messages)
            #expect(results.allSatisfy { if case .success = $0 { true } else { false } })
            return ids
        }

        func rowCount() async throws -> Int {
            try await postgres.query("SELECT count(*) AS n FROM \(identifier: table)").first?.decode(Int.self, column: "n") ?? 0
        }

        func waitFor(_ what: String, timeout: Duration = .seconds(90), _ condition: () async throws -> Bool) async throws {
            try await Eventually.wait(for: what, timeout: timeout, every: .milliseconds(250), condition)
        }

        func close() async {
            _ = try? await postgres.execute("DROP TABLE IF EXISTS \(identifier: table)")
            try? FileManager.default.removeItem(at: catalogueFile)
            await producer.shutdown(timeout: .seconds(5))
            await postgres.close()
        }
    }

    @Test("killing a worker with SIGKILL twice loses nothing and doubles nothing: 10,000 commands, one row each")
    func crashSafety() async throws {
        let world = try await World()
        let ids = try await world.publish((0..<10_000).map { "p\($0)" })
        for _ in 0..<2 {
            let (worker, _) = try world.startWorker()
            let before = try await world.rowCount()
            try await world.waitFor("progress before the kill") { try await world.rowCount() > before + 500 }
            worker.signal(SIGKILL)
            _ = await worker.waitForExit(timeout: .seconds(5))
        }
        let (worker, _) = try world.startWorker()
        try await world.waitFor("all 10,000 rows") { try await world.rowCount() >= 10_000 }
        worker.signal(SIGTERM)
        #expect(await worker.waitForExit(timeout: .seconds(20)) == 0)
        #expect(try await world.rowCount() == 10_000)
        let stored = try await world.postgres.query("SELECT count(*) AS n FROM \(identifier: world.table) WHERE command_id = ANY(\(ids))")
        #expect(try stored.first?.decode(Int.self, column: "n") == 10_000, "every command id has its row")
        await world.close()
    }

    @Test("two workers share the partitions; stopping one moves its partitions to the other with nothing lost")
    func scaleOut() async throws {
        let world = try await World()
        let (first, _) = try world.startWorker()
        let (second, secondPort) = try world.startWorker()
        defer { first.kill(); second.kill() }
        _ = try await world.publish((0..<600).map { _ in "slow" })
        try await world.waitFor("both workers handling") {
            try await world.postgres.query("SELECT count(DISTINCT handled_by) AS n FROM \(identifier: world.table)")
                .first?.decode(Int.self, column: "n") == 2
        }
        first.signal(SIGTERM)
        #expect(await first.waitForExit(timeout: .seconds(20)) == 0)
        _ = try await world.publish((0..<500).map { "after-\($0)" })
        try await world.waitFor("all 1,100 rows") { try await world.rowCount() >= 1_100 }
        #expect(try await world.rowCount() == 1_100)
        let metrics = await RelaisProcess.get(port: secondPort, "/metrics")?.body ?? ""
        #expect(metrics.contains("relais_worker_handled_total"))
        #expect(metrics.contains("relais_worker_lag_messages"))
        #expect(metrics.contains("relais_worker_lag_seconds"))
        #expect(metrics.contains("relais_worker_handler_duration_seconds"))
        second.signal(SIGTERM)
        // Leaving the group and committing can take long on a CI whose two cores run every suite.
        #expect(await second.waitForExit(timeout: .seconds(45)) == 0)
        await world.close()
    }

    @Test("/health turns failing when a handler hangs past the threshold")
    func healthDetectsHungHandler() async throws {
        let world = try await World(partitions: 1)
        let (worker, port) = try world.startWorker()
        defer { worker.kill() }
        try await world.waitFor("the status listener") { await RelaisProcess.get(port: port, "/health")?.status == 200 }
        _ = try await world.publish(["hang"])
        try await world.waitFor("/health to fail", timeout: .seconds(30)) {
            await RelaisProcess.get(port: port, "/health")?.status == 503
        }
        let metrics = await RelaisProcess.get(port: port, "/metrics")
        #expect(metrics?.status == 200)
        await world.close()
    }
}
