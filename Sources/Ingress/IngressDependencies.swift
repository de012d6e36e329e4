import KafkaClient
import Pipeline
import PostgresClient
import Prometheus
import RedisClient

/// Everything the ingress routes need, built once by the process and passed in (tests build
/// their own with test configuration).
public struct IngressDependencies: Sendable {
    public let postgres: PostgresClient
    public let redis: RedisClient
    public let publisher: any CommandPublisher
    public let catalogue: TopicCatalogue
    public let metrics: PrometheusCollectorRegistry
    /// Probes for `/ready`, in the order they are reported.
    public let readinessChecks: [DependencyCheck]

    public init(postgres: PostgresClient, redis: RedisClient, publisher: any CommandPublisher, catalogue: TopicCatalogue,
                metrics: PrometheusCollectorRegistry, readinessChecks: [DependencyCheck]) {
        self.postgres = postgres
        self.redis = redis
        self.publisher = publisher
        self.catalogue = catalogue
        self.metrics = metrics
        self.readinessChecks = readinessChecks
    }

    /// The standard probes: PostgreSQL and Redis pings and a metadata request to Kafka.
    public static func standardChecks(postgres: PostgresClient, redis: RedisClient, kafka: KafkaAdmin) -> [DependencyCheck] {
        [
            DependencyCheck(name: "postgresql") { try await postgres.ping() },
            DependencyCheck(name: "redis") { try await redis.ping() },
            DependencyCheck(name: "kafka") { _ = try await kafka.listTopics(timeout: .seconds(2)) },
        ]
    }
}
