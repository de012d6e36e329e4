// swift-tools-version: 6.0
import PackageDescription

/// Relais: one Swift backend for five products, built as an HTTP ingress that writes commands to
/// Kafka and worker pools that consume them. See README.md and docs/.
let package = Package(
    name: "Relais",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "relais", targets: ["relais"]),
        .executable(name: "relais-bench", targets: ["relais-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        // A range: jwt-kit 5.7 needs swift-crypto 4.1 or later.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        // The Stripe API provider (issue 7): HTTPS calls to api.stripe.com.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // C shims: module maps over the system libraries, found through pkg-config.
        .systemLibrary(name: "CRdKafka", path: "Sources/CRdKafka", pkgConfig: "rdkafka"),
        .systemLibrary(name: "CHiredis", path: "Sources/CHiredis", pkgConfig: "hiredis"),
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq"),

        // Wrappers: the only importers of their C module; no pointer in their public API.
        .target(name: "KafkaClient", dependencies: [
            "CRdKafka",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "RedisClient", dependencies: [
            "CHiredis",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        // Civil-calendar arithmetic shared by every hand-written date format.
        .target(name: "CivilCalendar"),
        .target(name: "PostgresClient", dependencies: [
            "CLibPQ", "CivilCalendar",
            .product(name: "Logging", package: "swift-log"),
        ]),

        .target(name: "Platform", dependencies: [
            "CivilCalendar",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        .target(name: "Pipeline", dependencies: [
            "KafkaClient", "PostgresClient", "Platform", "CivilCalendar",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // SMTP over SwiftNIO: STARTTLS / implicit TLS, AUTH, pipelining, MIME composition.
        .target(name: "SMTPClient", dependencies: [
            "CivilCalendar",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOTLS", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Email as a capability: the SendEmail command, templates, suppression list, delivery log.
        .target(name: "Email", dependencies: [
            "Pipeline", "PostgresClient", "SMTPClient", "PersonalData",
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Logging", package: "swift-log"),
        ], resources: [.copy("Templates")]),
        // The `email` worker kind's handlers.
        .target(name: "EmailWorker", dependencies: [
            "Email", "Pipeline", "PostgresClient", "SMTPClient",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ], path: "Workers/Email"),
        // The contract every module's personal-data store follows (export, erasure, declared
        // columns), so modules need not depend on the privacy module.
        .target(name: "PersonalData", dependencies: ["PostgresClient"]),
        // Identity: accounts, JWT sessions, Redis denylist and rate limits, 2FA, roles, audit.
        .target(name: "Identity", dependencies: [
            "Ingress", "Pipeline", "PostgresClient", "RedisClient", "Email", "Platform", "PersonalData",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "Realtime", dependencies: ["RedisClient"]),
        // Notifications: the `/v1/notifications` routes, the dispatch command and its store.
        .target(name: "Notifications", dependencies: [
            "Identity", "Ingress", "Pipeline", "PostgresClient", "Realtime", "PersonalData",
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        // Chat: conversations, messages (sealed when sensitive), `/v1/chat` routes.
        .target(name: "Chat", dependencies: [
            "Notifications", "Identity", "Ingress", "Pipeline", "Platform", "PostgresClient", "Realtime", "RedisClient", "PersonalData",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The `notifications` worker kind's handlers (notifications and chat messages).
        .target(name: "NotificationsWorker", dependencies: [
            "Notifications", "Chat", "Pipeline", "Realtime", "RedisClient",
        ], path: "Workers/Notifications"),
        // The WebSocket relay: authenticated sockets fed by one Redis subscription per process.
        .target(name: "Relay", dependencies: [
            "Identity", "Realtime", "RedisClient", "PostgresClient", "Platform",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // Statistics: the registry of materialized views, the RefreshStats command, the coalescing
        // refresher and its schedule. Products read their own views (Academy, Billing).
        .target(name: "Stats", dependencies: ["Pipeline", "PostgresClient", "Platform"]),
        // The `stats` worker kind's handler: refreshes the views named by RefreshStats.
        .target(name: "StatsWorker", dependencies: [
            "Stats", "Pipeline", "PostgresClient",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ], path: "Workers/Stats"),
        // Billing: purchases, subscriptions, refunds, entitlements, the signed Stripe webhook
        // intake, the payment providers (local Stripe emulation, Stripe API).
        .target(name: "Billing", dependencies: [
            "Identity", "Ingress", "Pipeline", "PostgresClient", "Platform", "Email", "Notifications", "PersonalData", "Stats",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ]),
        // The `webhooks` worker kind's handler: applies verified payment-provider events.
        .target(name: "WebhooksWorker", dependencies: [
            "Billing", "Email", "Notifications", "Pipeline", "PostgresClient", "Platform", "Stats",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
        ], path: "Workers/Webhooks"),
        // Learning: the deterministic text and recommendation algorithms behind Har Academy's
        // quizzes, FAQ chat and recommendations (no I/O, Foundation only).
        .target(name: "Learning"),
        // Har Academy: courses, content, enrolments and progress, reviews, FAQ, quizzes and
        // recommendations under `/v1/academy`.
        .target(name: "Academy", dependencies: [
            "Identity", "Ingress", "Pipeline", "PostgresClient", "Platform", "Learning", "PersonalData", "Stats",
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        // The `learning` worker kind's handlers: quiz generation and recommendation refreshes.
        .target(name: "LearningWorker", dependencies: [
            "Academy", "Learning", "Notifications", "Pipeline", "PostgresClient",
            .product(name: "Logging", package: "swift-log"),
        ], path: "Workers/Learning"),
        // RGPD: the personal-data registry, exports, deletion requests, ledger and receipts, the
        // `/v1/privacy` and `/v1/admin/privacy` routes.
        .target(name: "Privacy", dependencies: [
            "PersonalData", "Identity", "Ingress", "Pipeline", "PostgresClient", "Platform", "Email",
            "Chat", "Notifications", "Billing", "Academy",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The `erasure` worker kind's handlers: exports, erasures and the daily sweep.
        .target(name: "ErasureWorker", dependencies: [
            "Privacy", "PersonalData", "Identity", "Email", "Pipeline", "PostgresClient", "Platform", "RedisClient",
        ], path: "Workers/Erasure"),
        .target(name: "Migrations", dependencies: [
            "PostgresClient",
            .product(name: "Logging", package: "swift-log"),
        ], resources: [.copy("SQL")]),
        .target(name: "Ingress", dependencies: [
            "Platform", "Pipeline", "KafkaClient", "RedisClient", "PostgresClient",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .executableTarget(name: "relais", dependencies: [
            "Platform", "Pipeline", "Ingress", "Migrations", "KafkaClient", "RedisClient", "PostgresClient",
            "Email", "EmailWorker", "SMTPClient", "Identity", "Realtime", "Notifications", "Chat", "NotificationsWorker", "Relay",
            "Billing", "WebhooksWorker", "Academy", "LearningWorker", "Privacy", "ErasureWorker", "Stats", "StatsWorker",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),

        // `make bench`: benchmarks against the local stack; never part of `make test`.
        .executableTarget(name: "relais-bench", dependencies: [
            "KafkaClient", "PostgresClient", "Pipeline", "Migrations", "Email", "EmailWorker", "SMTPClient", "TestSupport",
            "Identity", "Ingress", "Platform", "RedisClient", "Relay", "Realtime", "Chat", "Notifications", "NotificationsWorker",
            "Billing", "WebhooksWorker", "Academy", "LearningWorker", "Privacy", "ErasureWorker", "PersonalData", "Stats",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ], path: "bench/relais-bench"),

        // Helpers shared by the test targets: stack addresses, private servers, test consumers.
        .target(name: "TestSupport", dependencies: [
            "KafkaClient", "PostgresClient", "RedisClient", "Migrations", "Pipeline",
            .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/TestSupport"),

        // Helpers of the module test targets that drive the ingress: clients, dependencies and
        // Identity built like `relais serve` does, signed-in users.
        .target(name: "IngressTestSupport", dependencies: [
            "Identity", "Ingress", "KafkaClient", "Pipeline", "Platform", "PostgresClient", "RedisClient", "TestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Tests/IngressTestSupport"),

        .testTarget(name: "KafkaClientTests", dependencies: ["KafkaClient"]),
        .testTarget(name: "RedisClientTests", dependencies: ["RedisClient", "TestSupport"]),
        .testTarget(name: "PostgresClientTests", dependencies: ["PostgresClient"]),
        .testTarget(name: "PlatformTests", dependencies: ["Platform", "CivilCalendar"]),
        .testTarget(name: "SMTPClientTests", dependencies: [
            "SMTPClient", "TestSupport",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .testTarget(name: "IdentityTests", dependencies: [
            "Identity", "Ingress", "Email", "EmailWorker", "SMTPClient", "Pipeline", "Platform", "PostgresClient", "RedisClient", "KafkaClient", "TestSupport",
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "RelayTests", dependencies: [
            "Relay", "Realtime", "Identity", "RedisClient", "PostgresClient", "Migrations", "TestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "EmailTests", dependencies: [
            "Email", "EmailWorker", "SMTPClient", "Pipeline", "PostgresClient", "TestSupport",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "PipelineTests", dependencies: [
            "Pipeline", "KafkaClient", "PostgresClient", "Platform", "TestSupport",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .testTarget(name: "ChatTests", dependencies: ["Chat", "Platform"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning"], resources: [.copy("Fixtures")]),
        .testTarget(name: "BillingTests", dependencies: [
            "Billing", "WebhooksWorker", "Identity", "Ingress", "Pipeline", "Platform", "PostgresClient", "RedisClient", "KafkaClient",
            "TestSupport", "IngressTestSupport",
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "AcademyTests", dependencies: [
            "Academy", "Billing", "Identity", "Ingress", "Pipeline", "Platform", "PostgresClient", "RedisClient", "KafkaClient",
            "Learning", "TestSupport", "IngressTestSupport",
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "PrivacyTests", dependencies: [
            "Privacy", "ErasureWorker", "PersonalData", "Academy", "Billing", "Chat", "Email", "Identity", "Ingress",
            "Notifications", "Pipeline", "Platform", "PostgresClient", "RedisClient", "KafkaClient", "TestSupport", "IngressTestSupport",
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "StatsTests", dependencies: [
            "Stats", "StatsWorker", "Academy", "Billing", "WebhooksWorker", "Identity", "Ingress", "Pipeline", "Platform",
            "PostgresClient", "RedisClient", "KafkaClient", "TestSupport", "IngressTestSupport",
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "MigrationsTests", dependencies: [
            "Migrations", "PostgresClient", "TestSupport",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "IngressTests", dependencies: [
            "Ingress", "Platform", "Pipeline", "RedisClient", "PostgresClient", "KafkaClient", "TestSupport",
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        // A worker process with a test handler, for crash, scale-out and health tests.
        .executableTarget(name: "relais-test-worker", dependencies: [
            "Pipeline", "Platform", "Ingress", "KafkaClient", "PostgresClient",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], path: "Tests/TestWorker"),
        // End-to-end tests of the built `relais` binary against the local stack.
        .testTarget(name: "IntegrationTests", dependencies: [
            "TestSupport", "Pipeline", "KafkaClient", "PostgresClient", "Email", "RedisClient", "Realtime", "Notifications", "Billing",
            .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            .product(name: "Logging", package: "swift-log"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
