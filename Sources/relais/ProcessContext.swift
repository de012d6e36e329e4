import Billing
import Chat
import Identity
import KafkaClient
import Logging
import Pipeline
import Platform
import Privacy
import PostgresClient
import RedisClient
import Stats

/// What every subcommand starts from: validated configuration, logging, the topic catalogue and
/// constructors for the clients, so each subcommand wires only what it uses.
struct ProcessContext {
    let configuration: RelaisConfiguration
    let catalogue: TopicCatalogue
    let logger: Logger

    /// Reads configuration and the catalogue; a problem ends the process with a clear message.
    static func load(role: String) throws -> ProcessContext {
        let configuration: RelaisConfiguration
        do {
            configuration = try RelaisConfiguration()
        } catch let error as ConfigurationError {
            throw StartupError("configuration: \(error)")
        }
        LoggingSetup.bootstrap(level: configuration.logLevel, format: configuration.logFormat)
        var logger = Logger(label: "relais.\(role)")
        logger[metadataKey: "role"] = "\(role)"
        let catalogue: TopicCatalogue
        do {
            catalogue = try TopicCatalogue.load(path: configuration.topicsFile)
            try catalogue.verify(commandTypes: RegisteredCommands.all)
        } catch let error as CatalogueError {
            throw StartupError("\(error) (file: \(configuration.topicsFile), set RELAIS_TOPICS_FILE to change it)")
        }
        return ProcessContext(configuration: configuration, catalogue: catalogue, logger: logger)
    }

    func postgres() throws -> PostgresClient {
        var settings = try PostgresConfiguration(url: configuration.database.url)
        settings.poolSize = configuration.database.poolSize
        return PostgresClient(configuration: settings, logger: logger)
    }

    func redis() throws -> RedisClient {
        var settings = try RedisConfiguration(url: configuration.redis.url)
        settings.poolSize = configuration.redis.poolSize
        return RedisClient(configuration: settings, logger: logger)
    }

    func producer() throws -> KafkaProducer {
        var settings = KafkaProducerConfiguration(brokers: configuration.kafka.brokers)
        settings.clientID = configuration.kafka.clientID
        settings.messageTimeout = configuration.kafka.publishTimeout
        return try KafkaProducer(configuration: settings, logger: logger)
    }

    /// Identity's settings (JWT keys, bcrypt, rate limits); a problem stops startup with the variable.
    func identitySettings() throws -> IdentitySettings {
        do {
            return try IdentitySettings(production: configuration.stage == .production)
        } catch let error as ConfigurationError {
            throw StartupError("configuration: \(error)")
        }
    }

    /// The keys that seal sensitive chat bodies; a problem stops startup with the variable.
    func encryptionSettings() throws -> EncryptionSettings {
        do {
            return try EncryptionSettings(production: configuration.stage == .production)
        } catch let error as ConfigurationError {
            throw StartupError("configuration: \(error)")
        }
    }

    /// Billing's settings (webhook secrets, provider, plans); a problem stops startup with the variable.
    func billingSettings() throws -> BillingSettings {
        do {
            return try BillingSettings(production: configuration.stage == .production)
        } catch let error as ConfigurationError {
            throw StartupError("configuration: \(error)")
        }
    }

    /// The privacy module's settings (grace period, link lifetime, signing key); a problem stops
    /// startup with the variable.
    func privacySettings() throws -> PrivacySettings {
        do {
            return try PrivacySettings(jwtSecret: try identitySettings().jwtSecret)
        } catch let error as ConfigurationError {
            throw StartupError("configuration: \(error)")
        }
    }

    /// The stats worker's settings (refresh schedule); a problem stops startup with the variable.
    func statsSettings() throws -> StatsSettings {
        do {
            return try StatsSettings()
        } catch let error as ConfigurationError {
            throw StartupError("configuration: \(error)")
        }
    }

    func admin() throws -> KafkaAdmin {
        try KafkaAdmin(brokers: configuration.kafka.brokers, logger: logger)
    }
}
