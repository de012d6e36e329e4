import Foundation
import Hummingbird
import Identity
import Ingress
import KafkaClient
import Logging
import Migrations
import Pipeline
import Platform
import PostgresClient
import Prometheus
import RedisClient
import TestSupport

/// Issue 5's figures, with wrk against the real ingress (Identity module + one bare route) in
/// this process:
/// * `GET /v1/auth/me` (JWT verification, one pipelined Redis round trip for denylist + rate
///   limit, one PostgreSQL read) vs `GET /v1/bench/constant` (no work): requests/s ratio, target ≥ 0.5;
/// * p99 of `/me` at a moderate load, alone and while 20 logins/s run (bcrypt cost 12, default
///   threads): target a rise of at most 20%.
enum IdentityBenchmark {
    static let seconds = 10

    static func run(_ settings: BenchSettings) async throws -> BenchResult {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let postgres = PostgresClient(configuration: try PostgresConfiguration(url: settings.databaseURL), logger: logger)
        try await Migrator(postgres: postgres, migrations: try Migrator.bundled(), logger: logger).migrate()
        let redis = RedisClient(configuration: try RedisConfiguration(url: settings.redisURL), logger: logger)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(brokers: settings.kafkaBrokers), logger: logger)
        let catalogue = try TopicCatalogue.load(path: "topics.yaml")
        let dependencies = IngressDependencies(
            postgres: postgres, redis: redis, publisher: KafkaCommandPublisher(producer: producer, catalogue: catalogue, logger: logger),
            catalogue: catalogue, metrics: PrometheusCollectorRegistry(), readinessChecks: [])
        // Limits high enough not to refuse the load; the limiter still runs on every request.
        let identitySettings = try IdentitySettings(environment: EnvironmentReader([
            "RATE_LIMIT_DEFAULT": "1000000/1s", "RATE_LIMIT_LOGIN": "1000000/1s",
        ]), production: false)
        let identity = try await IdentityModule(dependencies: dependencies, settings: identitySettings,
                                                rateLimitKeyPrefix: "bench-rl-\(UUID().uuidString.prefix(8))", logger: logger)
        let email = "bench-\(UUID().uuidString.prefix(8).lowercased())@example.test"
        let password = "Bench-Password-1"
        _ = try await identity.service.createUser(email: email, password: password, firstName: "Bench", lastName: "User", roles: [])
        let token = try await identity.service.login(.init(email: email, password: password, totpCode: nil),
                                                     origin: RequestOrigin(ip: nil, userAgent: "bench")).token

        let port = TestStack.serverPort()
        var http = try RelaisConfiguration(environment: EnvironmentReader(["HTTP_PORT": String(port)])).http
        http.host = "127.0.0.1"
        let bare: IngressApplication.RouteInstaller = { routes, _ in
            routes.add(.get, "/v1/bench/constant", summary: "benchmark baseline", tag: "bench", replies: [.init(200, "constant")],
                       authenticated: false) { _, _ in SuccessEnvelope(["ok": true]) }
        }
        let app = IngressApplication.build(configuration: http, dependencies: dependencies, modules: [identity.routes, bare], logger: logger)
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        try await Task.sleep(for: .seconds(1))

        let base = "http://127.0.0.1:\(port)"
        let auth = ["-H", "Authorization: Bearer \(token)"]
        let constant = try wrk(["-t2", "-c32", "-d\(seconds)s", "--latency", "\(base)/v1/bench/constant"])
        let me = try wrk(["-t2", "-c32", "-d\(seconds)s", "--latency"] + auth + ["\(base)/v1/auth/me"])
        // The same guard without the PostgreSQL read, to show where /me's time goes.
        let verify = try wrk(["-t2", "-c32", "-d\(seconds)s", "--latency"] + auth + ["\(base)/v1/auth/verify-jwt"])
        FileHandle.standardError.write(Data("  identity: /me \(Int(me.rate)) req/s (p99 \(me.p99) ms), /verify-jwt \(Int(verify.rate)) req/s, constant \(Int(constant.rate)) req/s\n".utf8))

        // p99 of /me at a moderate load, alone and while 20 logins/s run, in alternating rounds
        // (one 10 s wrk run's p99 swings with whatever else the two cores do); medians compared.
        var quietP99: [Double] = []
        var busyP99: [Double] = []
        var loginCount = 0
        for _ in 0..<rounds {
            quietP99.append(try wrk(["-t1", "-c4", "-d\(seconds)s", "--latency"] + auth + ["\(base)/v1/auth/me"]).p99)
            let logins = Task { await loginLoad(identity.service, email: email, password: password, for: .seconds(seconds + 2)) }
            try await Task.sleep(for: .seconds(1))
            busyP99.append(try wrk(["-t1", "-c4", "-d\(seconds)s", "--latency"] + auth + ["\(base)/v1/auth/me"]).p99)
            loginCount += await logins.value
        }
        let quiet = WrkResult(rate: 0, p99: median(quietP99))
        let busy = WrkResult(rate: 0, p99: median(busyP99))
        FileHandle.standardError.write(Data("  identity: /me p99 \(quietP99) ms alone, \(busyP99) ms with 20 logins/s (\(loginCount) logins)\n".utf8))

        server.cancel()
        identity.service.shutdown()
        await producer.shutdown(timeout: .seconds(5))
        redis.close()
        await postgres.close()
        let rise = quiet.p99 > 0 ? (busy.p99 / quiet.p99 - 1) * 100 : 0
        return BenchResult(unit: "req/s", relais: me.rate, baseline: constant.rate, baselineName: "bare constant route (wrk -c32)", target: 0.5,
                           notes: ["me_p99_ms": me.p99, "verify_jwt_per_s": verify.rate.rounded(), "constant_p99_ms": constant.p99,
                                   "me_p99_moderate_ms": quiet.p99, "me_p99_with_20_logins_ms": busy.p99,
                                   "p99_rise_percent": (rise * 10).rounded() / 10, "p99_rise_target_percent": 20,
                                   "logins_sent": loginCount, "bcrypt_cost": identitySettings.bcryptCost,
                                   "bcrypt_threads": identitySettings.bcryptThreads, "p99_statistic": "median of \(rounds) rounds"])
    }

    static let rounds = 3

    /// Sends 20 logins per second for `duration`. - Returns: how many were sent.
    static func loginLoad(_ service: IdentityService, email: String, password: String, for duration: Duration) async -> Int {
        var sent = 0
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            while !Task.isCancelled && ContinuousClock.now - start < duration {
                group.addTask {
                    _ = try? await service.login(.init(email: email, password: password), origin: RequestOrigin(ip: nil, userAgent: "bench"))
                }
                sent += 1
                try? await Task.sleep(until: start + .milliseconds(50 * sent), clock: .continuous)
            }
        }
        return sent
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    struct WrkResult {
        let rate: Double
        let p99: Double
        var p50 = 0.0
    }

    /// Runs wrk and reads Requests/sec and the 99% latency (ms) from its report.
    static func wrk(_ arguments: [String]) throws -> WrkResult {
        let output = try BenchSettings.run("wrk", arguments)
        var rate = 0.0
        var p99 = 0.0
        var p50 = 0.0
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.first == "Requests/sec:", fields.count > 1 { rate = Double(fields[1]) ?? 0 }
            if fields.first == "99%", fields.count > 1 { p99 = milliseconds(String(fields[1])) }
            if fields.first == "50%", fields.count > 1 { p50 = milliseconds(String(fields[1])) }
        }
        guard rate > 0 else { throw BenchFailure("wrk printed no rate: \(output.suffix(300))") }
        return WrkResult(rate: rate, p99: p99, p50: p50)
    }

    /// "1.23ms", "456.00us", "1.02s" → milliseconds.
    static func milliseconds(_ text: String) -> Double {
        if text.hasSuffix("us") { return (Double(text.dropLast(2)) ?? 0) / 1_000 }
        if text.hasSuffix("ms") { return Double(text.dropLast(2)) ?? 0 }
        if text.hasSuffix("s") { return (Double(text.dropLast(1)) ?? 0) * 1_000 }
        return Double(text) ?? 0
    }
}
