import Billing
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
import ServiceLifecycle
import Synchronization
import TestSupport
import WebhooksWorker

/// Issue 7's figures, everything in this process against the local stack:
/// * latency: signed `payment_intent.succeeded` events POSTed to `/v1/webhooks/stripe` at a
///   steady 500/s, each for its own pending purchase; the webhooks worker (a runner for
///   `webhooks.stripe` with the real handler and the outbox publisher) applies them; latency =
///   seen applied − webhook sent, where "seen" is one observer polling the admin list of
///   processed events every 10 ms (`WebhookVisibility`); afterwards every buyer's
///   `GET /v1/billing/users/:id/entitlements` must show the course. Target p99 ≤ 200 ms.
///   `BENCH_WEBHOOK_POLLING=buyer` measures instead with each buyer polling its own
///   entitlements every 20 ms: 500 buyers a second doing so add ~2,500 authenticated reads a
///   second, which on two cores is the load being measured more than the webhook path.
/// * worker capacity: 3,000 events produced at once straight to the topic, drained by the worker
///   alone (no HTTP load): events/s.
/// * intake throughput: wrk POSTing one signed event (verify, parse, produce, wait for the
///   broker's acknowledgement) vs a bare constant route, same binary, same run: target ≥ 0.4.
/// The run leaves its events, emails and notifications on the local broker like real traffic
/// would; restart the stack (`make stack-down`) before running tests on the same machine.
enum WebhookBenchmark {
    /// Events per second of the measured run (`BENCH_WEBHOOK_RATE` to find the knee).
    static let rate = Int(ProcessInfo.processInfo.environment["BENCH_WEBHOOK_RATE"] ?? "") ?? 500
    static let seconds = 10
    /// One purchase per buyer, so each poll reads one small entitlement list (a buyer with
    /// hundreds of courses would make the polling, not Relais, the cost being measured).
    static let users = 8_100
    /// Events produced at once, straight to Kafka, to measure how fast the worker drains them.
    static let capacityBatch = Int(ProcessInfo.processInfo.environment["BENCH_WEBHOOK_BURST"] ?? "") ?? 3_000
    static let coursesPerUser = 1
    static let pollInterval: Duration = .milliseconds(20)
    static let observerInterval: Duration = .milliseconds(10)
    static let pollsPerBuyer = ProcessInfo.processInfo.environment["BENCH_WEBHOOK_POLLING"] == "buyer"
    static let wrkSeconds = 10
    static let wrkConnections = 128

    /// Latencies of the purchases that became visible.
    final class Latencies: Sendable {
        private let values = Mutex<[Double]>([])
        func add(_ value: Double) { values.withLock { $0.append(value) } }
        var sorted: [Double] { values.withLock { $0.sorted() } }
    }

    struct Purchase: Sendable {
        let userID: UUID
        let courseID: UUID
        let transactionID: UUID
        let intentID: String
    }

    static func run(_ settings: BenchSettings) async throws -> BenchResult {
        var logger = Logger(label: "bench.webhooks")
        logger.logLevel = .warning
        let postgres = PostgresClient(configuration: try PostgresConfiguration(url: settings.databaseURL), logger: logger)
        try await Migrator(postgres: postgres, migrations: try Migrator.bundled(), logger: logger).migrate()
        let redis = RedisClient(configuration: try RedisConfiguration(url: settings.redisURL), logger: logger)
        var producerConfiguration = KafkaProducerConfiguration(brokers: settings.kafkaBrokers)
        if let linger = ProcessInfo.processInfo.environment["BENCH_LINGER_MS"].flatMap(Int.init) { producerConfiguration.lingerMilliseconds = linger }
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        // The real catalogue with a consumer group of this run.
        let group = "relais.bench-webhooks-\(UUID().uuidString.prefix(8).lowercased())"
        let yaml = try String(contentsOfFile: "topics.yaml", encoding: .utf8)
            .replacingOccurrences(of: "group: relais.webhooks\n", with: "group: \(group)\n")
        let catalogue = try TopicCatalogue.parse(yaml: yaml)
        // As `relais topics apply` does before workers start: on a fresh broker the topics do
        // not exist yet, and a consumer subscribed to a missing topic only sees it once
        // librdkafka refreshes its metadata (minutes later), after the warm-up gave up.
        try await WorkerRuntimeBenchmark.prepare(catalogue, settings: settings)
        let dependencies = IngressDependencies(
            postgres: postgres, redis: redis, publisher: KafkaCommandPublisher(producer: producer, catalogue: catalogue, logger: logger),
            catalogue: catalogue, metrics: PrometheusCollectorRegistry(), readinessChecks: [])
        let identitySettings = try IdentitySettings(environment: EnvironmentReader([
            "RATE_LIMIT_DEFAULT": "1000000/1s", "BCRYPT_COST": "4",
        ]), production: false)
        let identity = try await IdentityModule(dependencies: dependencies, settings: identitySettings,
                                                rateLimitKeyPrefix: "bench-rl-\(UUID().uuidString.prefix(8))", logger: logger)
        let billingSettings = BillingSettings()
        let billing = BillingModule(accessGuard: identity.accessGuard, settings: billingSettings)
        let adminEmail = "bench-admin-\(UUID().uuidString.prefix(8).lowercased())@example.test"
        _ = try await identity.service.createUser(email: adminEmail, password: "Bench-Password-1", firstName: "Bench", lastName: "Admin",
                                                  roles: [.admin])
        let adminToken = try await identity.service.login(.init(email: adminEmail, password: "Bench-Password-1", totpCode: nil),
                                                          origin: RequestOrigin(ip: nil, userAgent: "bench")).token
        let purchases = try await seedPurchases(postgres)

        let httpPort = TestStack.serverPort()
        var http = try RelaisConfiguration(environment: EnvironmentReader(["HTTP_PORT": String(httpPort)])).http
        http.host = "127.0.0.1"
        let bare: IngressApplication.RouteInstaller = { routes, _ in
            routes.add(.post, "/v1/bench/constant", summary: "benchmark baseline", tag: "bench", replies: [.init(200, "constant")],
                       authenticated: false) { _, _ in SuccessEnvelope(["ok": true]) }
        }
        let app = IngressApplication.build(configuration: http, dependencies: dependencies,
                                           modules: [identity.routes, billing.routes, bare], logger: logger)
        // The worker gets its own pool, as the `relais work webhooks` process has in production.
        let workerPostgres = PostgresClient(configuration: try PostgresConfiguration(url: settings.databaseURL), logger: logger)
        var handlers = HandlerRegistry()
        handlers.register(ProcessStripeEventHandler(postgres: workerPostgres, appBaseURL: billingSettings.appBaseURL))
        guard let worker = catalogue.worker(kind: "webhooks") else { throw BenchFailure("no webhooks worker in topics.yaml") }
        var runnerSettings = RunnerSettings()
        runnerSettings.sessionTimeout = .seconds(6)
        runnerSettings.heartbeatInterval = .seconds(1)
        runnerSettings.newGroupStartsAt = .latest
        if let handlers = ProcessInfo.processInfo.environment["BENCH_HANDLERS"].flatMap(Int.init) { runnerSettings.maxConcurrentHandlers = handlers }
        if let wait = ProcessInfo.processInfo.environment["BENCH_FETCH_WAIT_MS"].flatMap(Int.init) { runnerSettings.lowLatencyFetchWait = .milliseconds(wait) }
        let runner = WorkerRunner(worker: worker, catalogue: catalogue, handlers: handlers, brokers: settings.kafkaBrokers,
                                  producer: producer, postgres: workerPostgres, health: WorkerHealth(hungThreshold: .seconds(60)),
                                  settings: runnerSettings, logger: logger)
        let outbox = OutboxPublisher(postgres: workerPostgres, producer: producer, logger: logger)
        let workerGroup = ServiceGroup(configuration: .init(services: [runner, outbox], logger: logger))
        let server = Task { try? await app.runService() }
        let working = Task { try? await workerGroup.run() }

        let base = "http://127.0.0.1:\(httpPort)"
        // Each buyer's browser and Stripe have their own connections: a pool of up to 128.
        let client = LoadClient(port: httpPort)
        let signer = StripeEventSigner(secret: billingSettings.webhookSecrets[0])

        /// Sends a signed event. - Returns: whether the intake accepted it.
        @Sendable func send(_ payload: [UInt8]) async -> Bool {
            let webhook = LoadRequest(method: "POST", path: "/v1/webhooks/stripe",
                                      headers: [("Content-Type", "application/json"), ("Stripe-Signature", signer.header(payload: payload))],
                                      body: payload)
            return (try? await client.send(webhook))?.status == 200
        }

        /// Whether `purchase`'s course is in its buyer's entitlements.
        @Sendable func entitled(_ purchase: Purchase) async -> Bool {
            let request = LoadRequest(path: "/v1/billing/users/\(purchase.userID.uuidString.lowercased())/entitlements",
                                      headers: [("Authorization", "Bearer \(adminToken)")])
            guard let response = try? await client.send(request) else { return false }
            return response.status == 200 && response.bodyContains(purchase.courseID.uuidString)
        }

        /// The buyer's way: polls its entitlements every `pollInterval` after the send.
        @Sendable func pollAsBuyer(_ purchase: Purchase, sent: ContinuousClock.Instant, into latencies: Latencies, giveUpAfter timeout: Duration) async {
            while ContinuousClock.now - sent < timeout {
                if await entitled(purchase) {
                    latencies.add(BenchSettings.seconds(ContinuousClock.now - sent) * 1_000)
                    return
                }
                try? await Task.sleep(for: pollInterval)
            }
        }

        /// Sends the events of `batch` at `rate` per second and returns the latencies seen.
        func measure(_ batch: ArraySlice<Purchase>, giveUpAfter timeout: Duration) async -> [Double] {
            let visibility = WebhookVisibility(), buyerLatencies = Latencies()
            let started = ContinuousClock.now
            await withTaskGroup(of: Void.self) { group in
                if !pollsPerBuyer {
                    group.addTask {
                        await visibility.observe(with: client, adminToken: adminToken, interval: observerInterval, timeout: timeout)
                    }
                }
                for (number, purchase) in batch.enumerated() {
                    let due = started + .microseconds(Int64(number) * 1_000_000 / Int64(rate))
                    if due > .now { try? await Task.sleep(until: due) }
                    // Registered before the task starts, so the observer never sees an empty wait list early.
                    let (id, payload) = event(for: purchase)
                    let sent = ContinuousClock.now
                    visibility.sent(id, at: sent)
                    group.addTask {
                        guard await send(payload), pollsPerBuyer else { return }
                        await pollAsBuyer(purchase, sent: sent, into: buyerLatencies, giveUpAfter: timeout)
                    }
                }
                visibility.finishSending()
            }
            return pollsPerBuyer ? buyerLatencies.sorted : visibility.latencies
        }

        /// How many purchases of `batch` their buyers see among their entitlements.
        func countEntitled(_ batch: ArraySlice<Purchase>) async -> Int {
            await withTaskGroup(of: Int.self) { group in
                for start in stride(from: batch.startIndex, to: batch.endIndex, by: 64) {
                    group.addTask {
                        var count = 0
                        for purchase in batch[start..<min(start + 64, batch.endIndex)] where await entitled(purchase) { count += 1 }
                        return count
                    }
                }
                return await group.reduce(0, +)
            }
        }

        // Warm-up: a fresh group starts at the latest offset, so events sent before the worker
        // joined are never applied; send one at a time until one unlocks end to end.
        let warmUp = purchases.suffix(20)
        var warmUpLatency: Double?
        for index in warmUp.indices where warmUpLatency == nil {
            warmUpLatency = await measure(purchases[index...index], giveUpAfter: .seconds(4)).first
        }
        guard let warmUpLatency else { throw BenchFailure("the worker never applied a warm-up event") }

        // Capacity: a burst produced straight to the topic (no HTTP), drained by the worker alone.
        let burst = purchases[(purchases.count - warmUp.count - capacityBatch)..<(purchases.count - warmUp.count)]
        let capacity = try await drain(burst, producer: producer, postgres: postgres)
        FileHandle.standardError.write(Data("  webhooks: worker drained \(burst.count) events in \(capacity) s (\(Int(Double(burst.count) / capacity))/s)\n".utf8))

        // The measured run: one event every 1/rate s.
        let total = min(rate * seconds, purchases.count - warmUp.count - capacityBatch)
        let started = ContinuousClock.now
        let sorted = await measure(purchases[0..<total], giveUpAfter: .seconds(30))
        let elapsed = BenchSettings.seconds(ContinuousClock.now - started)
        let entitledCount = await countEntitled(purchases[0..<total])
        func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        let p50 = percentile(0.5), p99 = percentile(0.99)
        FileHandle.standardError.write(Data("  webhooks: \(sorted.count)/\(total) seen applied (\(pollsPerBuyer ? "each buyer polling" : "one observer")), \(entitledCount) entitlements visible to their buyers, p50 \(p50) ms, p99 \(p99) ms, max \(sorted.last ?? 0) ms\n".utf8))

        // The load client's connections are closed first, so wrk meets a server with no leftovers.
        await client.shutdown()
        // Stop the worker first: the wrk flood below would otherwise be a backlog for it.
        await workerGroup.triggerGracefulShutdown()
        await working.value

        let intakeBody = event(for: Purchase(userID: UUID(), courseID: UUID(), transactionID: UUID(), intentID: "pi_bench_flood")).payload
        let script = try wrkScript(body: intakeBody, signature: StripeEventSigner(secret: billingSettings.webhookSecrets[0]).header(payload: intakeBody))
        defer { try? FileManager.default.removeItem(at: script) }
        let constantScript = try wrkScript(body: intakeBody, signature: nil)
        defer { try? FileManager.default.removeItem(at: constantScript) }
        let common = ["-t2", "-c\(wrkConnections)", "-d\(wrkSeconds)s", "--latency"]
        let constant = try IdentityBenchmark.wrk(common + ["-s", constantScript.path, "\(base)/v1/bench/constant"])
        let intake = try IdentityBenchmark.wrk(common + ["-s", script.path, "\(base)/v1/webhooks/stripe"])
        FileHandle.standardError.write(Data("  webhooks: intake \(Int(intake.rate)) req/s (p99 \(intake.p99) ms), constant POST \(Int(constant.rate)) req/s\n".utf8))

        server.cancel()
        identity.service.shutdown()
        await producer.shutdown(timeout: .seconds(5))
        redis.close()
        await workerPostgres.close()
        try await removeSeed(purchases, postgres: postgres)
        await postgres.close()
        return BenchResult(
            unit: "req/s", relais: intake.rate, baseline: constant.rate, baselineName: "bare constant POST route (wrk -c\(wrkConnections))", target: 0.4,
            notes: ["intake_p99_ms": intake.p99, "constant_p99_ms": constant.p99,
                    "entitlement_rate_per_s": rate, "entitlement_events": total, "events_seen_applied": sorted.count, "entitlements_visible": entitledCount,
                    "visibility_observed_by": pollsPerBuyer ? "each buyer polling its entitlements every 20 ms" : "one admin poller of processed events every 10 ms",
                    "entitlement_p50_ms": p50, "entitlement_p99_ms": p99, "entitlement_max_ms": sorted.last ?? 0,
                    "entitlement_target_p99_ms": 200, "entitlement_meets_target": p99 <= 200 && sorted.count == total && entitledCount == total, "worker_drain_per_s": (Double(capacityBatch) / capacity).rounded(), "elapsed_s": elapsed, "warm_up_ms": warmUpLatency])
    }

    /// Produces one event per purchase of `burst` at once and waits until every purchase is
    /// completed. - Returns: the seconds from the first send to the last completion.
    static func drain(_ burst: ArraySlice<Purchase>, producer: KafkaProducer, postgres: PostgresClient) async throws -> Double {
        let messages = try burst.map { purchase in
            try CommandEnvelope(try ProcessStripeEvent(document: event(for: purchase).payload), actor: "system:bench", traceparent: nil)
                .message(topic: ProcessStripeEvent.commandType.topic)
        }
        let ids = burst.map(\.transactionID)
        let since = try await postgres.query("SELECT now() AS now").first?.decode(Date.self, column: "now") ?? Date()
        let started = ContinuousClock.now
        _ = try await producer.sendBatch(messages)
        // Watched through the processed events' index; the exact check over the 3,000 purchases
        // (10–30 ms of PostgreSQL each time) runs only once they all may be done, so the watching
        // does not take the worker's CPU.
        while ContinuousClock.now - started < .seconds(120) {
            let processed = try await postgres.query("""
                SELECT count(*) AS n FROM billing.webhook_events WHERE status = 'processed' AND received_at >= \(since)
                """).first?.decode(Int.self, column: "n") ?? 0
            if processed >= ids.count {
                let done = try await postgres.query("""
                    SELECT count(*) AS n FROM billing.transactions WHERE id = ANY(\(ids)) AND status = 'completed'
                    """).first?.decode(Int.self, column: "n") ?? 0
                if done == ids.count { break }
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return BenchSettings.seconds(ContinuousClock.now - started)
    }

    /// `users` buyers, each with `coursesPerUser` pending purchases of different courses.
    static func seedPurchases(_ postgres: PostgresClient) async throws -> [Purchase] {
        let userIDs = (0..<users).map { _ in UUID() }
        let courseIDs = (0..<coursesPerUser).map { _ in UUID() }
        try await postgres.execute("""
            INSERT INTO identity.users (id, email, first_name, last_name)
            SELECT u, 'bench-buyer-' || u || '@example.test', 'Bench', 'Buyer' FROM unnest(\(userIDs)::uuid[]) AS u
            """)
        try await postgres.execute("""
            INSERT INTO academy.courses (id, title, price_amount, currency, status)
            SELECT c, 'Bench course', 1000, 'EUR', 'published' FROM unnest(\(courseIDs)::uuid[]) AS c
            """)
        let run = UUID().uuidString.prefix(8).lowercased()
        var purchases: [Purchase] = []
        for (index, user) in userIDs.enumerated() {
            for course in courseIDs {
                purchases.append(Purchase(userID: user, courseID: course, transactionID: UUIDv7.make(),
                                          intentID: "pi_bench_\(run)_\(index)_\(purchases.count)"))
            }
        }
        // Interleave users so consecutive events are about different buyers (and object keys).
        purchases.sort { $0.intentID.hashValue < $1.intentID.hashValue }
        try await postgres.execute("""
            INSERT INTO billing.transactions (id, user_id, course_id, amount, currency, status, payment_method, stripe_payment_intent_id)
            SELECT t, u, c, 1000, 'EUR', 'pending', 'card', p
            FROM unnest(\(purchases.map(\.transactionID))::uuid[], \(purchases.map(\.userID))::uuid[],
                        \(purchases.map(\.courseID))::uuid[], \(purchases.map(\.intentID))::text[]) AS x(t, u, c, p)
            """)
        // As pgbench does before it measures: the maintenance the seed calls for (the previous
        // run's deleted buyers to vacuum, these inserts to analyze) happens now, not as an
        // autovacuum in the middle of the measured run. Only the seeded tables: analyzing the
        // events table while it is nearly empty made the admin list's cached plan a sequential
        // scan and sort, which then ran 100 times a second over a table growing by 500 rows a second.
        try await postgres.withConnection { connection in
            try await connection.executeScript("VACUUM (ANALYZE) identity.users, academy.courses, billing.transactions")
        }
        return purchases
    }

    /// Deletes the buyers and courses `seedPurchases` wrote (their transactions and entitlements
    /// go with them, ON DELETE CASCADE), so runs on a long-lived stack all start from the same
    /// database: one that grew by 8,000 buyers a run measured slower every run. The received
    /// events stay, as on a real endpoint: emptying that table would leave it analyzed as empty.
    static func removeSeed(_ purchases: [Purchase], postgres: PostgresClient) async throws {
        try await postgres.execute("DELETE FROM identity.users WHERE id = ANY(\(Array(Set(purchases.map(\.userID))))::uuid[])")
        try await postgres.execute("DELETE FROM academy.courses WHERE id = ANY(\(Array(Set(purchases.map(\.courseID))))::uuid[])")
    }

    /// A signed-ready `payment_intent.succeeded` for `purchase`, with its event id.
    static func event(for purchase: Purchase) -> (id: String, payload: [UInt8]) {
        let id = "evt_bench_\(UUID().uuidString.prefix(18))"
        let json = """
            {"id":"\(id)","object":"event","api_version":"2024-06-20","created":\(Int64(Date().timeIntervalSince1970)),\
            "livemode":false,"type":"payment_intent.succeeded","data":{"object":{"id":"\(purchase.intentID)","object":"payment_intent",\
            "amount":1000,"amount_received":1000,"currency":"eur","status":"succeeded",\
            "metadata":{"relais_transaction_id":"\(purchase.transactionID.uuidString.lowercased())"}}}}
            """
        return (id, Array(json.utf8))
    }

    /// A wrk script POSTing `body` (signed when `signature` is given).
    static func wrkScript(body: [UInt8], signature: String?) throws -> URL {
        let escaped = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        var lua = "wrk.method = \"POST\"\nwrk.body = \"\(escaped)\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
        if let signature { lua += "wrk.headers[\"Stripe-Signature\"] = \"\(signature)\"\n" }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("relais-bench-\(UUID().uuidString.prefix(8)).lua")
        try lua.write(to: file, atomically: true, encoding: .utf8)
        return file
    }
}
