import Academy
import ArgumentParser
import Billing
import Chat
import Identity
import Notifications
import Ingress
import Pipeline
import Platform
import Privacy
import ServiceLifecycle

/// `relais serve`: the HTTP ingress and the outbox publisher.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP ingress (and the outbox publisher) until SIGTERM or Ctrl-C.",
        discussion: "Listens on HTTP_HOST:HTTP_PORT (default 127.0.0.1:8080). Shutdown stops accepting, finishes in-flight requests, then flushes the Kafka producer.")

    func run() async throws {
        let process = try ProcessContext.load(role: "ingress")
        let settings = process.configuration
        let metrics = MetricsSetup.bootstrap()
        let postgres = try process.postgres()
        let redis = try process.redis()
        let producer = try process.producer()
        let admin = try process.admin()
        let publisher = KafkaCommandPublisher(producer: producer, catalogue: process.catalogue, logger: process.logger)
        let dependencies = IngressDependencies(
            postgres: postgres, redis: redis, publisher: publisher, catalogue: process.catalogue, metrics: metrics,
            readinessChecks: IngressDependencies.standardChecks(postgres: postgres, redis: redis, kafka: admin))
        let identity = try await IdentityModule(dependencies: dependencies, settings: try process.identitySettings(), logger: process.logger)
        let notifications = NotificationsModule(accessGuard: identity.accessGuard)
        let chat = try ChatModule(accessGuard: identity.accessGuard, encryption: try process.encryptionSettings())
        let billing = BillingModule(accessGuard: identity.accessGuard, settings: try process.billingSettings())
        let academy = AcademyModule(accessGuard: identity.accessGuard)
        let privacy = PrivacyModule(postgres: postgres, settings: try process.privacySettings(), accessGuard: identity.accessGuard,
                                    logger: process.logger)
        let app = IngressApplication.build(configuration: settings.http, dependencies: dependencies,
                                           modules: [identity.routes, notifications.routes, chat.routes, billing.routes, academy.routes,
                                                     privacy.routes], logger: process.logger)
        let outbox = OutboxPublisher(postgres: postgres, producer: producer, logger: process.logger)
        let shutdown = ShutdownService(actions: [
            { await producer.shutdown(timeout: .seconds(10)) },
            { identity.service.shutdown() },
            { admin.close() },
            { redis.close() },
            { await postgres.close() },
        ])
        var groupConfiguration = ServiceGroupConfiguration(
            services: [shutdown, outbox, app], gracefulShutdownSignals: [.sigterm, .sigint], logger: process.logger)
        groupConfiguration.maximumGracefulShutdownDuration = settings.http.shutdownGracePeriod + .seconds(15)
        let group = ServiceGroup(configuration: groupConfiguration)
        process.logger.info("ingress starting", metadata: ["port": "\(settings.http.port)"])
        try await group.run()
    }
}
