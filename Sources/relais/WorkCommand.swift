import ArgumentParser
import Ingress
import Logging
import Pipeline
import Platform
import PostgresClient
import ServiceLifecycle

/// `relais work <kind>...`: runs worker kinds in their consumer groups.
struct WorkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work",
        abstract: "Run one or more worker kinds (or `all`) in their consumer groups.",
        discussion: """
            Kinds are declared under `workers:` in topics.yaml: webhooks, email, notifications, learning, \
            stats, erasure. Scale a kind by starting more processes: they share its consumer group's \
            partitions. Health and metrics are served on WORKER_PORT (/health, /metrics).
            """)

    @Argument(help: "Worker kinds to run, or `all`.")
    var kinds: [String]

    func run() async throws {
        let process = try ProcessContext.load(role: "worker")
        let known = process.catalogue.workers.map(\.kind)
        let selected = kinds == ["all"] ? known : kinds
        guard !selected.isEmpty else { throw ValidationError("name at least one worker kind, or `all`") }
        for kind in selected where !known.contains(kind) {
            throw ValidationError("unknown worker kind '\(kind)'; topics.yaml declares: \(known.joined(separator: ", "))")
        }
        let postgres = try process.postgres()
        let handlers = try WorkerHandlers(process: process, postgres: postgres, kinds: selected)
        let registries = try selected.map { ($0, try handlers.registry(for: $0)) }
        let empty = registries.filter { $0.1.commandTypes.isEmpty }.map(\.0)
        guard empty.isEmpty else {
            await handlers.shutdown()
            await postgres.close()
            throw StartupError("worker kind(s) \(empty.joined(separator: ", ")) have no command handlers in this build yet (docs/ROADMAP.md); not consuming, so their commands wait in Kafka")
        }
        try await runWorkers(process, postgres: postgres, handlers: handlers, registries: registries)
    }

    private func runWorkers(_ process: ProcessContext, postgres: PostgresClient, handlers: WorkerHandlers,
                            registries: [(String, HandlerRegistry)]) async throws {
        let settings = process.configuration
        let metrics = MetricsSetup.bootstrap()
        let producer = try process.producer()
        var runnerSettings = RunnerSettings()
        runnerSettings.shutdownDeadline = settings.http.shutdownGracePeriod
        let health = WorkerHealth(hungThreshold: runnerSettings.hungHandlerThreshold)
        let runners: [any Service] = registries.compactMap { kind, handlers in
            process.catalogue.worker(kind: kind).map { worker in
                WorkerRunner(worker: worker, catalogue: process.catalogue, handlers: handlers, brokers: settings.kafka.brokers,
                             producer: producer, postgres: postgres, health: health, settings: runnerSettings, logger: process.logger)
            }
        }
        let status = WorkerStatusApplication.build(host: settings.http.host, port: settings.workerPort, health: health,
                                                   metrics: metrics, logger: process.logger)
        // Handlers may emit commands through the outbox; this process ships them too.
        let outbox = OutboxPublisher(postgres: postgres, producer: producer, logger: process.logger)
        // Delayed and recurring commands: every worker process competes for the scheduler's lock,
        // so one emits and another takes over when it dies. The leader holds one connection for
        // the lock, hence its own small pool.
        var schedulerDatabase = try PostgresConfiguration(url: settings.database.url)
        schedulerDatabase.poolSize = 2
        let schedulerPostgres = PostgresClient(configuration: schedulerDatabase, logger: process.logger)
        let recurring = RecurringCommands.all(stats: try process.statsSettings())
        let scheduler = try CommandScheduler(postgres: schedulerPostgres, recurring: recurring, logger: process.logger)
        let shutdown = ShutdownService(actions: [
            { await producer.shutdown(timeout: .seconds(10)) },
            { await handlers.shutdown() },
            { await postgres.close() },
            { await schedulerPostgres.close() },
        ])
        var group = ServiceGroupConfiguration(services: [shutdown, outbox, scheduler, status] + runners,
                                              gracefulShutdownSignals: [.sigterm, .sigint], logger: process.logger)
        group.maximumGracefulShutdownDuration = runnerSettings.shutdownDeadline + .seconds(15)
        try await ServiceGroup(configuration: group).run()
    }
}
