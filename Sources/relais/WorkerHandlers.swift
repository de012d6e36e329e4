import Billing
import Chat
import Email
import EmailWorker
import ErasureWorker
import LearningWorker
import Logging
import Notifications
import NotificationsWorker
import Pipeline
import PostgresClient
import Privacy
import Realtime
import RedisClient
import SMTPClient
import StatsWorker
import WebhooksWorker

/// The command handlers of each worker kind in this build, with what they need built once per
/// process. Each worker issue registers its kind here (handlers live in Workers/<Kind>/). A kind
/// with no handler does not start: consuming without handlers would dead-letter every command.
final class WorkerHandlers: Sendable {
    private let process: ProcessContext
    private let postgres: PostgresClient
    /// Created when a kind that sends email runs, closed by `shutdown()`.
    private let smtp: SMTPClient?
    /// Created when a kind that publishes to relays runs, closed by `shutdown()`.
    private let redis: RedisClient?
    /// The learning kind's catalogue model, shared by its handlers (rebuilt when courses change).
    private let recommendations: RecommendationRefresher

    init(process: ProcessContext, postgres: PostgresClient, kinds: [String]) throws {
        self.process = process
        self.postgres = postgres
        smtp = kinds.contains("email") ? try Self.makeSMTPClient(process) : nil
        redis = kinds.contains("notifications") || kinds.contains("erasure") ? try process.redis() : nil
        recommendations = RecommendationRefresher(postgres: postgres)
    }

    /// The handlers of `kind` (empty when this build has none yet, see docs/ROADMAP.md).
    /// - Throws: `StartupError` when a kind's setup (templates, sender address) is invalid.
    func registry(for kind: String) throws -> HandlerRegistry {
        var registry = HandlerRegistry()
        switch kind {
        case "email":
            guard let smtp else { return registry }
            registry.register(try emailHandler(smtp))
        case "notifications":
            guard let redis else { return registry }
            let cipher = try MessageCipher(settings: try process.encryptionSettings())
            registry.register(DispatchNotificationHandler(store: NotificationStore(postgres: postgres),
                                                          streams: UserStreamPublisher(redis: redis)))
            registry.register(PostChatMessageHandler(store: ChatStore(postgres: postgres, cipher: cipher), redis: redis))
        case "learning":
            registry.register(GenerateQuizHandler(postgres: postgres))
            registry.register(RefreshRecommendationsHandler(postgres: postgres, refresher: recommendations))
        case "erasure":
            guard let redis else { return registry }
            try registerErasureHandlers(in: &registry, redis: redis)
        case "stats":
            registry.register(RefreshStatsHandler(postgres: postgres))
        case "webhooks":
            let settings = try process.billingSettings()
            registry.register(ProcessStripeEventHandler(postgres: postgres, appBaseURL: settings.appBaseURL))
        default:
            break
        }
        return registry
    }

    /// Exports, erasures and the daily sweep, over every registered personal-data store.
    private func registerErasureHandlers(in registry: inout HandlerRegistry, redis: RedisClient) throws {
        let privacy = try process.privacySettings()
        let identity = try process.identitySettings()
        let stores = PersonalDataRegistry.standard(cipher: try MessageCipher(settings: try process.encryptionSettings()))
        registry.register(ExportUserDataHandler(postgres: postgres, registry: stores, settings: privacy))
        registry.register(EraseUserHandler(postgres: postgres, redis: redis, registry: stores, settings: privacy,
                                           accessTokenLifetime: identity.accessTokenLifetime,
                                           refreshTokenLifetime: identity.refreshTokenLifetime))
        registry.register(SweepDeletionRequestsHandler(postgres: postgres))
    }

    /// Releases what the handlers hold (SMTP connections say QUIT).
    func shutdown() async {
        await smtp?.shutdown()
        redis?.close()
    }

    private func emailHandler(_ smtp: SMTPClient) throws -> SendEmailHandler {
        let email = process.configuration.email
        let templates: EmailTemplateCatalogue
        let sender: MailAddress
        do {
            templates = try EmailTemplateCatalogue.load()
        } catch {
            throw StartupError("email templates: \(error)")
        }
        do {
            sender = try MailAddress(parsing: email.from)
        } catch {
            throw StartupError("configuration: EMAIL_FROM is not a valid address")
        }
        let attempts = process.catalogue.topic(named: SendEmail.commandType.topic.name)?.retry.attempts ?? 1
        return SendEmailHandler(templates: templates, smtp: smtp, sender: sender,
                                deliveries: DeliveryLogStore(postgres: postgres),
                                suppressions: SuppressionStore(postgres: postgres), maxAttempts: attempts)
    }

    private static func makeSMTPClient(_ process: ProcessContext) throws -> SMTPClient {
        let email = process.configuration.email
        do {
            var configuration = try SMTPConfiguration(url: email.smtpURL, caFilePath: email.caFile)
            configuration.maxConnections = email.maxConnections
            return try SMTPClient(configuration: configuration, logger: process.logger)
        } catch {
            // SMTPError descriptions never repeat the URL (it may hold a password).
            throw StartupError("configuration: SMTP_URL / SMTP_CA_FILE: \(error)")
        }
    }
}
