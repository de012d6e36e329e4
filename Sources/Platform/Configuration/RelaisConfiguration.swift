import Foundation
import Logging

/// Every setting of every Relais process, read once from environment variables at startup.
///
/// Defaults match the local stack started by `scripts/stack up`, so a developer needs no
/// configuration; production sets the variables (see README "Configuration").
public struct RelaisConfiguration: Sendable {
    public enum Stage: String, Sendable {
        case development, test, production
    }

    public struct Database: Sendable {
        public var url: String
        public var poolSize: Int
    }

    public struct Redis: Sendable {
        public var url: String
        public var poolSize: Int
    }

    public struct Kafka: Sendable {
        /// Comma-separated `host:port` bootstrap list.
        public var brokers: String
        /// How long the ingress waits for a delivery report before answering 503.
        public var publishTimeout: Duration
        public var clientID: String
    }

    public struct Email: Sendable {
        /// `smtp://user:pass@host:port` (STARTTLS when offered), `smtp+insecure://` (a local catcher,
        /// never TLS) or `smtps://` (implicit TLS). Holds a password: never log it.
        public var smtpURL: String
        /// The `From` of every email, e.g. `Relais <no-reply@example.com>`.
        public var from: String
        /// A PEM bundle of CAs to trust for the SMTP server's certificate (private CAs).
        public var caFile: String?
        /// Connections kept open to the SMTP server by one worker process.
        public var maxConnections: Int
    }

    public struct HTTP: Sendable {
        public var host: String
        public var port: Int
        public var maxBodyBytes: Int
        /// Exact origins allowed by CORS; empty means no cross-origin access.
        public var corsAllowedOrigins: [String]
        /// How long graceful shutdown waits for in-flight requests.
        public var shutdownGracePeriod: Duration
    }

    public var stage: Stage
    public var database: Database
    public var redis: Redis
    public var kafka: Kafka
    public var email: Email
    public var http: HTTP
    public var relayPort: Int
    public var workerPort: Int
    public var topicsFile: String
    public var logLevel: Logger.Level
    public var logFormat: LogFormat

    /// Reads and validates every variable; the first problem stops startup with its name.
    public init(environment env: EnvironmentReader = EnvironmentReader()) throws {
        let stageName = env.string("RELAIS_ENV", default: "development")
        guard let stage = Stage(rawValue: stageName) else {
            throw ConfigurationError(variable: "RELAIS_ENV", reason: "must be development, test or production")
        }
        self.stage = stage
        // Dev defaults carry a dev password; production must say where its servers are.
        func endpoint(_ name: String, _ devDefault: String) throws -> String {
            stage == .production ? try env.required(name) : env.string(name, default: devDefault)
        }

        let databaseURL = try endpoint("DATABASE_URL", "postgres://relais:relais@127.0.0.1:55432/relais")
        _ = try env.url("DATABASE_URL", default: databaseURL, schemes: ["postgres", "postgresql"])
        database = Database(url: databaseURL, poolSize: try env.integer("DATABASE_POOL_SIZE", default: 8, range: 1...200))

        let redisURL = try endpoint("REDIS_URL", "redis://127.0.0.1:56379")
        _ = try env.url("REDIS_URL", default: redisURL, schemes: ["redis"])
        redis = Redis(url: redisURL, poolSize: try env.integer("REDIS_POOL_SIZE", default: 2, range: 1...200))

        let brokers = try endpoint("KAFKA_BROKERS", "127.0.0.1:59092")
        try Self.validateBrokers(brokers)
        kafka = Kafka(
            brokers: brokers,
            publishTimeout: try env.milliseconds("KAFKA_PUBLISH_TIMEOUT_MS", default: 5_000, range: 100...120_000),
            clientID: env.string("KAFKA_CLIENT_ID", default: "relais"))

        let smtpURL = try endpoint("SMTP_URL", "smtp+insecure://127.0.0.1:52525")
        _ = try env.url("SMTP_URL", default: smtpURL, schemes: ["smtp", "smtp+insecure", "smtps"])
        let from = try endpoint("EMAIL_FROM", "Relais <no-reply@relais.localhost>")
        guard from.contains("@"), !from.contains(where: \.isNewline) else {
            throw ConfigurationError(variable: "EMAIL_FROM", reason: "must be an address, optionally with a name: Name <user@example.com>")
        }
        let caFile = env.string("SMTP_CA_FILE", default: "")
        email = Email(smtpURL: smtpURL, from: from, caFile: caFile.isEmpty ? nil : caFile,
                      maxConnections: try env.integer("SMTP_MAX_CONNECTIONS", default: 8, range: 1...64))

        http = HTTP(
            host: env.string("HTTP_HOST", default: "127.0.0.1"),
            port: try env.port("HTTP_PORT", default: 8080),
            maxBodyBytes: try env.integer("HTTP_MAX_BODY_BYTES", default: 1_048_576, range: 1_024...104_857_600),
            corsAllowedOrigins: try Self.origins(env),
            shutdownGracePeriod: try env.milliseconds("HTTP_SHUTDOWN_GRACE_MS", default: 10_000))
        relayPort = try env.port("RELAY_PORT", default: 8081)
        workerPort = try env.port("WORKER_PORT", default: 8082)
        topicsFile = env.string("RELAIS_TOPICS_FILE", default: "topics.yaml")

        let levelName = env.string("LOG_LEVEL", default: "info").lowercased()
        guard let level = Logger.Level(rawValue: levelName) else {
            throw ConfigurationError(variable: "LOG_LEVEL", reason: "must be one of trace, debug, info, notice, warning, error, critical")
        }
        logLevel = level
        guard let format = LogFormat(rawValue: env.string("LOG_FORMAT", default: "json")) else {
            throw ConfigurationError(variable: "LOG_FORMAT", reason: "must be json or text")
        }
        logFormat = format
    }

    private static func validateBrokers(_ brokers: String) throws {
        let entries = brokers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let valid = !entries.isEmpty && entries.allSatisfy { entry in
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]) else { return false }
            return (1...65535).contains(port)
        }
        guard valid else {
            throw ConfigurationError(variable: "KAFKA_BROKERS", reason: "must be a comma-separated list of host:port")
        }
    }

    private static func origins(_ env: EnvironmentReader) throws -> [String] {
        let origins = env.list("CORS_ALLOWED_ORIGINS", default: ["http://localhost:3000"])
        for origin in origins {
            guard let url = URL(string: origin), ["http", "https"].contains(url.scheme ?? ""), url.host != nil,
                  url.path.isEmpty
            else {
                throw ConfigurationError(variable: "CORS_ALLOWED_ORIGINS", reason: "entries must be origins like https://app.example.com")
            }
        }
        return origins
    }
}
