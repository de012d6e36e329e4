import KafkaClient
import Logging
import Migrations
import PostgresClient

/// Clients pointed at the local stack, configured as a test wants them.
public enum TestClients {
    public static func postgres(poolSize: Int = 4) throws -> PostgresClient {
        var configuration = try PostgresConfiguration(url: TestStack.databaseURL)
        configuration.poolSize = poolSize
        return PostgresClient(configuration: configuration, logger: Logger(label: "test.postgres"))
    }

    /// A PostgreSQL client on a database migrated to the current schema (idempotent and safe
    /// when several test suites migrate at once).
    public static func migratedPostgres() async throws -> PostgresClient {
        let postgres = try postgres()
        try await Migrator(postgres: postgres, migrations: try Migrator.bundled(), logger: Logger(label: "test.migrate")).migrate()
        return postgres
    }

    public static func producer(brokers: String = TestStack.kafkaBrokers, messageTimeout: Duration = .seconds(10)) throws -> KafkaProducer {
        var configuration = KafkaProducerConfiguration(brokers: brokers)
        configuration.messageTimeout = messageTimeout
        configuration.lingerMilliseconds = 1
        return try KafkaProducer(configuration: configuration, logger: Logger(label: "test.producer"))
    }
}
