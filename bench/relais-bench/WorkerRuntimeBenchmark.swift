import Foundation
import KafkaClient
import Logging
import Migrations
import Pipeline
import PostgresClient
import Synchronization

/// The worker runtime's three figures from issue 3:
/// * no-op handler consume rate vs `kcat -C` reading the same topic (target ratio >= 0.5);
/// * handler doing one PostgreSQL insert + inbox row, commands/s (target >= 5,000/s);
/// * produce → handler start latency at 1,000 commands/s on a low-latency topic (target p99 <= 20 ms).
/// Rates are timed from the first handled message to the last, so the consumer-group join
/// (a fixed few seconds, absent from kcat's partition-assign mode) is not counted. kcat's time
/// runs from its start to the last offset it prints (start-up included, exit not).
enum WorkerRuntimeBenchmark {
    static let consumeCount = Int(ProcessInfo.processInfo.environment["RELAIS_BENCH_CONSUME"] ?? "") ?? 300_000
    static let consumeRounds = 3
    static let insertCount = 20_000
    static let latencySeconds = 10

    struct Noop: Command {
        static let commandType = CommandType("BenchNoop", topic: "unused")
        let n: Int
        var orderingKey: String { String(n % 64) }
    }

    /// Counts handled commands and remembers when the first and last were handled.
    /// With `expected`, a tick is one atomic increment: only the first and the expected-th read
    /// the clock and take the lock, so the benchmark's own bookkeeping does not cost the
    /// measured handler a lock and two clock reads per command.
    final class Progress: Sendable {
        private struct State {
            var first: ContinuousClock.Instant?
            var last: ContinuousClock.Instant?
            var latencies: [Double] = []
        }
        private let state = Mutex(State())
        private let handled = Atomic<Int>(0)
        private let expected: Int?

        init(expected: Int? = nil) {
            self.expected = expected
        }

        func tick(latency: Double? = nil) {
            let count = handled.wrappingAdd(1, ordering: .relaxed).newValue
            guard count == 1 || expected == nil || count == expected || latency != nil else { return }
            state.withLock { state in
                let now = ContinuousClock.now
                if state.first == nil { state.first = now }
                if count >= (expected ?? count) { state.last = now }
                if let latency { state.latencies.append(latency) }
            }
        }

        var count: Int { handled.load(ordering: .relaxed) }

        var rate: Double {
            state.withLock { state in
                let count = handled.load(ordering: .relaxed)
                guard let first = state.first, let last = state.last, count > 1 else { return 0 }
                return Double(count - 1) / BenchSettings.seconds(last - first)
            }
        }

        func percentile(_ p: Double) -> Double {
            state.withLock { state in
                let sorted = state.latencies.sorted()
                guard !sorted.isEmpty else { return 0 }
                return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
            }
        }
    }

    struct NoopHandler: CommandHandler {
        let progress: Progress
        func handle(_ command: Noop, context: HandlerContext) async throws { progress.tick() }
    }

    struct InsertHandler: CommandHandler {
        let progress: Progress
        let postgres: PostgresClient
        func handle(_ command: Noop, context: HandlerContext) async throws {
            try await Inbox.once(group: context.consumerGroup, commandID: context.commandID, postgres: postgres) { connection in
                try await connection.execute("INSERT INTO bench_worker_rows (command_id, n) VALUES (\(context.commandID), \(command.n))")
            }
            progress.tick()
        }
    }

    struct LatencyHandler: CommandHandler {
        let progress: Progress
        func handle(_ command: Noop, context: HandlerContext) async throws {
            progress.tick(latency: -context.issuedAt.timeIntervalSinceNow * 1_000)
        }
    }

    static func catalogue(_ topic: String, latency: String = "normal") throws -> TopicCatalogue {
        try TopicCatalogue.parse(yaml: """
            version: 1
            workers:
              bench: { group: bench-\(UUID().uuidString.prefix(8).lowercased()) }
            topics:
              \(topic):
                partitions: 6
                key: n
                worker: bench
                commands: [BenchNoop]
                latency: \(latency)
                dead_letter: \(topic).dlq
              \(topic).dlq:
                partitions: 1
                key: same
            """)
    }

    static func prepare(_ catalogue: TopicCatalogue, settings: BenchSettings) async throws {
        let admin = try KafkaAdmin(brokers: settings.kafkaBrokers, logger: Logger(label: "bench"))
        defer { admin.close() }
        try await TopicPlanner(admin: admin, catalogue: catalogue).apply()
    }

    static func publish(_ count: Int, topic: String, producer: KafkaProducer) async throws {
        let messages = try (0..<count).map { n in
            try CommandEnvelope(Noop(n: n), actor: nil, traceparent: nil).message(topic: TopicName(topic))
        }
        for chunk in stride(from: 0, to: messages.count, by: 50_000) {
            _ = try await producer.sendBatch(Array(messages[chunk..<min(chunk + 50_000, messages.count)]))
        }
    }

    /// How long `kcat -C` takes to read `topic` from the beginning to its end.
    static func timeKcat(topic: String, count: Int, settings: BenchSettings) throws -> Duration {
        // Timed to the last offset kcat prints, not to its exit, so only its consumption counts.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["kcat", "-C", "-b", settings.kafkaBrokers, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%o\\n"]
        let output = Pipe()
        process.standardOutput = output
        let start = ContinuousClock.now
        try process.run()
        var lines = 0
        var end = start
        while lines < count {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            lines += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            end = ContinuousClock.now
        }
        _ = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard lines >= count else { throw BenchFailure("kcat printed \(lines) of \(count) offsets") }
        return end - start
    }

    /// Runs the kind until `done` holds, then stops it.
    static func run(_ handler: some CommandHandler, catalogue: TopicCatalogue, producer: KafkaProducer, postgres: PostgresClient,
                    settings: BenchSettings, until done: @escaping @Sendable () -> Bool) async throws {
        var handlers = HandlerRegistry()
        handlers.register(handler)
        var runnerSettings = RunnerSettings()
        runnerSettings.sessionTimeout = .seconds(6)
        runnerSettings.heartbeatInterval = .seconds(1)
        var logger = Logger(label: "bench.worker")
        logger.logLevel = .warning
        let runner = WorkerRunner(worker: catalogue.workers[0], catalogue: catalogue, handlers: handlers, brokers: settings.kafkaBrokers,
                                  producer: producer, postgres: postgres, health: WorkerHealth(hungThreshold: .seconds(60)),
                                  settings: runnerSettings, logger: logger)
        let task = Task { try await runner.run() }
        let deadline = ContinuousClock.now + .seconds(300)
        while !done() && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        task.cancel()
        _ = await task.result
    }

    static func run(_ settings: BenchSettings) async throws -> BenchResult {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(brokers: settings.kafkaBrokers), logger: logger)
        let postgres = PostgresClient(configuration: try PostgresConfiguration(url: settings.databaseURL), logger: logger)
        try await Migrator(postgres: postgres, migrations: try Migrator.bundled(), logger: logger).migrate()

        // 1. No-op consume rate vs kcat -C on the same topic, best of three rounds each: on two
        //    shared cores one round is easily slowed by the broker's own work.
        var relaisRates: [Double] = []
        var kcatRates: [Double] = []
        for round in 1...consumeRounds {
            let consumeTopic = "bench.consume-\(UUID().uuidString.prefix(8).lowercased())"
            let consumeCatalogue = try catalogue(consumeTopic)
            try await prepare(consumeCatalogue, settings: settings)
            try await publish(consumeCount, topic: consumeTopic, producer: producer)
            let kcatTime = try timeKcat(topic: consumeTopic, count: consumeCount, settings: settings)
            kcatRates.append(Double(consumeCount) / BenchSettings.seconds(kcatTime))
            let noop = Progress(expected: consumeCount)
            try await run(NoopHandler(progress: noop), catalogue: consumeCatalogue, producer: producer, postgres: postgres,
                          settings: settings) { noop.count >= consumeCount }
            relaisRates.append(noop.rate)
            await BenchTopics.drop(consumeCatalogue, settings: settings)
            FileHandle.standardError.write(Data("  consume round \(round): relais \(Int(noop.rate)) msg/s, kcat -C \(Int(kcatRates[round - 1])) msg/s\n".utf8))
        }

        // 2. One PostgreSQL insert + inbox row per command.
        try await postgres.execute("CREATE TABLE IF NOT EXISTS bench_worker_rows (command_id uuid PRIMARY KEY, n integer NOT NULL)")
        try await postgres.execute("TRUNCATE bench_worker_rows")
        let insertTopic = "bench.insert-\(UUID().uuidString.prefix(8).lowercased())"
        let insertCatalogue = try catalogue(insertTopic)
        try await prepare(insertCatalogue, settings: settings)
        try await publish(insertCount, topic: insertTopic, producer: producer)
        let inserts = Progress()
        try await run(InsertHandler(progress: inserts, postgres: postgres), catalogue: insertCatalogue, producer: producer,
                      postgres: postgres, settings: settings) { inserts.count >= insertCount }
        try await postgres.execute("DROP TABLE bench_worker_rows")
        await BenchTopics.drop(insertCatalogue, settings: settings)
        FileHandle.standardError.write(Data("  insert+inbox: \(Int(inserts.rate)) commands/s\n".utf8))

        // 3. Produce → handler latency at 1,000 commands/s on a low-latency topic.
        let latencyTopic = "bench.latency-\(UUID().uuidString.prefix(8).lowercased())"
        let latencyCatalogue = try catalogue(latencyTopic, latency: "low")
        try await prepare(latencyCatalogue, settings: settings)
        let latency = Progress()
        let total = latencySeconds * 1_000
        // An interactive producer: no batching delay (the ingress sends one command per request).
        var eager = KafkaProducerConfiguration(brokers: settings.kafkaBrokers)
        eager.lingerMilliseconds = 0
        let latencyProducer = try KafkaProducer(configuration: eager, logger: logger)
        let paced = Task {
            // Wait for the group join, then send 10 commands every 10 ms.
            try await Task.sleep(for: .seconds(5))
            let start = ContinuousClock.now
            for tick in 0..<(total / 10) {
                let messages = try (0..<10).map { n in
                    try CommandEnvelope(Noop(n: tick * 10 + n), actor: nil, traceparent: nil).message(topic: TopicName(latencyTopic))
                }
                _ = try await latencyProducer.sendBatch(messages)
                try await Task.sleep(until: start + .milliseconds(10 * (tick + 1)), clock: .continuous)
            }
        }
        try await run(LatencyHandler(progress: latency), catalogue: latencyCatalogue, producer: producer, postgres: postgres,
                      settings: settings) { latency.count >= total }
        _ = await paced.result
        await latencyProducer.shutdown(timeout: .seconds(5))
        await BenchTopics.drop(latencyCatalogue, settings: settings)
        FileHandle.standardError.write(Data(String(format: "  latency: p50 %.1f ms, p99 %.1f ms\n", latency.percentile(0.5), latency.percentile(0.99)).utf8))

        await producer.shutdown(timeout: .seconds(5))
        await postgres.close()
        return BenchResult(unit: "msg/s", relais: relaisRates.max() ?? 0, baseline: kcatRates.max() ?? 0, baselineName: "kcat -C",
                           target: 0.5, notes: [
            "consumed_per_round": consumeCount, "rounds": consumeRounds,
            "relais_rounds": relaisRates.map { $0.rounded() }, "kcat_rounds": kcatRates.map { $0.rounded() },
            "insert_inbox_commands_per_s": inserts.rate.rounded(), "insert_inbox_target": 5_000,
            "latency_p50_ms": (latency.percentile(0.5) * 10).rounded() / 10,
            "latency_p99_ms": (latency.percentile(0.99) * 10).rounded() / 10, "latency_p99_target_ms": 20,
            "latency_rate_per_s": 1_000,
        ])
    }
}
