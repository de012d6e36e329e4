import Chat
import Foundation
import Hummingbird
import HummingbirdWSClient
import Identity
import Ingress
import KafkaClient
import Logging
import Migrations
import Notifications
import NotificationsWorker
import Pipeline
import Platform
import PostgresClient
import Prometheus
import Realtime
import RedisClient
import Relay
import ServiceLifecycle
import Synchronization
import TestSupport

/// Issue 6's end-to-end latency: `POST /v1/chat/conversations/:id/messages` → Kafka → the
/// notifications worker (store, number, publish) → Redis → relay → the other participant's
/// WebSocket, at a steady 1,000 messages/s spread over 20 conversations (one conversation's
/// messages are handled one after the other, by design, so the load spreads over partitions the
/// way many users chatting at once do). Everything runs in this process against the local
/// stack: the ingress (Identity + Chat), a worker runner for `chat.messages`, a relay, and one
/// WebSocket client joined to every room. Latency = frame received − request sent.
enum ChatEndToEndBenchmark {
    static let rate = 1_000
    static let seconds = 10
    /// Conversations the messages spread over (`BENCH_CHAT_CONVERSATIONS`).
    static let conversations = Int(ProcessInfo.processInfo.environment["BENCH_CHAT_CONVERSATIONS"] ?? "") ?? 20

    /// When each message was sent and when its frame arrived, by message number.
    final class Clock: Sendable {
        private let state: Mutex<(sent: [Int: ContinuousClock.Instant], latencies: [Int: Double])> = Mutex(([:], [:]))

        func sent(_ number: Int) { state.withLock { $0.sent[number] = .now } }

        func received(_ number: Int) {
            let now = ContinuousClock.now
            state.withLock { state in
                guard let sent = state.sent[number], state.latencies[number] == nil else { return }
                state.latencies[number] = BenchSettings.seconds(now - sent) * 1_000
            }
        }

        var received: Int { state.withLock { $0.latencies.count } }
        /// Latencies of the measured messages (warm-up messages have negative numbers).
        var latencies: [Double] { state.withLock { $0.latencies.filter { $0.key >= 0 }.map(\.value) } }
    }

    static func run(_ settings: BenchSettings) async throws -> BenchResult {
        var logger = Logger(label: "bench.chat")
        logger.logLevel = .warning
        let postgres = PostgresClient(configuration: try PostgresConfiguration(url: settings.databaseURL), logger: logger)
        try await Migrator(postgres: postgres, migrations: try Migrator.bundled(), logger: logger).migrate()
        let redis = RedisClient(configuration: try RedisConfiguration(url: settings.redisURL), logger: logger)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(brokers: settings.kafkaBrokers), logger: logger)
        // The real catalogue with a consumer group of this run, so leftovers of other runs stay out.
        let group = "relais.bench-chat-\(UUID().uuidString.prefix(8).lowercased())"
        let yaml = try String(contentsOfFile: "topics.yaml", encoding: .utf8)
            .replacingOccurrences(of: "group: relais.notifications\n", with: "group: \(group)\n")
        let catalogue = try TopicCatalogue.parse(yaml: yaml)
        // As `relais topics apply` does before workers start: on a fresh broker the topics do
        // not exist yet, and a consumer subscribed to a missing topic only sees it once
        // librdkafka refreshes its metadata (minutes later), after the warm-up gave up.
        try await WorkerRuntimeBenchmark.prepare(catalogue, settings: settings)
        let publisher = KafkaCommandPublisher(producer: producer, catalogue: catalogue, logger: logger)
        let dependencies = IngressDependencies(postgres: postgres, redis: redis, publisher: publisher, catalogue: catalogue,
                                               metrics: PrometheusCollectorRegistry(), readinessChecks: [])
        let identitySettings = try IdentitySettings(environment: EnvironmentReader([
            "RATE_LIMIT_DEFAULT": "1000000/1s", "BCRYPT_COST": "4",
        ]), production: false)
        let identity = try await IdentityModule(dependencies: dependencies, settings: identitySettings,
                                                rateLimitKeyPrefix: "bench-rl-\(UUID().uuidString.prefix(8))", logger: logger)
        let encryption = try EncryptionSettings(environment: EnvironmentReader([:]), production: false)
        let chat = try ChatModule(accessGuard: identity.accessGuard, encryption: encryption)

        // Two participants and their conversation.
        func user(_ name: String) async throws -> (id: UUID, token: String) {
            let email = "bench-\(name)-\(UUID().uuidString.prefix(8).lowercased())@example.test"
            let created = try await identity.service.createUser(email: email, password: "Bench-Password-1", firstName: name,
                                                                lastName: "Bench", roles: [])
            let token = try await identity.service.login(.init(email: email, password: "Bench-Password-1", totpCode: nil),
                                                         origin: RequestOrigin(ip: nil, userAgent: "bench")).token
            return (created.id, token)
        }
        let sender = try await user("sender")
        let receiver = try await user("receiver")
        let store = ChatStore(postgres: postgres, cipher: try MessageCipher(settings: encryption))
        var conversationIDs: [UUID] = []
        for _ in 0..<conversations {
            guard let conversation = try await store.createConversation(creator: sender.id, participants: [receiver.id], title: nil,
                                                                        sensitive: false)
            else { throw BenchFailure("could not create a conversation") }
            conversationIDs.append(conversation.id)
        }

        // Ingress, worker runner and relay.
        let httpPort = TestStack.serverPort()
        var http = try RelaisConfiguration(environment: EnvironmentReader(["HTTP_PORT": String(httpPort)])).http
        http.host = "127.0.0.1"
        let app = IngressApplication.build(configuration: http, dependencies: dependencies, modules: [identity.routes, chat.routes],
                                           logger: logger)
        var handlers = HandlerRegistry()
        handlers.register(PostChatMessageHandler(store: store, redis: redis))
        handlers.register(DispatchNotificationHandler(store: NotificationStore(postgres: postgres), streams: UserStreamPublisher(redis: redis)))
        guard let worker = catalogue.worker(kind: "notifications") else { throw BenchFailure("no notifications worker in topics.yaml") }
        var runnerSettings = RunnerSettings()
        runnerSettings.sessionTimeout = .seconds(6)
        runnerSettings.heartbeatInterval = .seconds(1)
        let runner = WorkerRunner(worker: worker, catalogue: catalogue, handlers: handlers, brokers: settings.kafkaBrokers,
                                  producer: producer, postgres: postgres, health: WorkerHealth(hungThreshold: .seconds(60)),
                                  settings: runnerSettings, logger: logger)
        var relaySettings = RelaySettings(port: TestStack.serverPort(), sendBufferFrames: 4_096)
        relaySettings.pingInterval = .seconds(300)
        let tokens = try await AccessTokens(configuration: AccessTokenConfiguration(
            signingSecret: identitySettings.jwtSecret, previousSecrets: identitySettings.jwtPreviousSecrets,
            lifetime: identitySettings.accessTokenLifetime))
        let relay = RelayServer(settings: relaySettings, tokens: tokens, redis: redis,
                                rooms: ConversationRoomAccess(postgres: postgres), logger: logger)
        let services = ServiceGroup(configuration: .init(services: [app, runner, relay], logger: logger))
        let running = Task { try? await services.run() }
        let relayPort = await relay.awaitListening()
        try await relay.awaitSubscribed()

        // The receiver's socket: joins every room, then records each chat:message by its number.
        let clock = Clock()
        let rooms = conversationIDs.map(RealtimeRoom.conversation)
        let joined = Atomic<Int>(0)
        let socket = Task {
            try? await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(relayPort)/v1/ws?access_token=\(receiver.token)", logger: logger
            ) { inbound, outbound, _ in
                for room in rooms {
                    try await outbound.write(.text(#"{"type":"join","room":"\#(room)"}"#))
                }
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    if text.contains(#""type":"joined""#) { joined.add(1, ordering: .relaxed) }
                    if let number = messageNumber(in: text) { clock.received(number) }
                }
            }
        }
        try await BenchWait.until(timeout: .seconds(30)) { joined.load(ordering: .relaxed) == conversations }

        let paths = conversationIDs.map { "/v1/chat/conversations/\($0.uuidString.lowercased())/messages" }
        let client = LoadClient(port: httpPort)
        func post(_ number: Int) async {
            let request = LoadRequest(method: "POST", path: paths[abs(number) % paths.count],
                                      headers: [("Content-Type", "application/json"), ("Authorization", "Bearer \(sender.token)")],
                                      body: Array(#"{"body":"bench #\#(number)#"}"#.utf8))
            clock.sent(number)
            _ = try? await client.send(request)
        }

        // Warm-up until the worker has joined its group and a frame makes the whole trip.
        var warm = -1
        try await BenchWait.until(timeout: .seconds(60)) {
            if clock.received > 0 { return true }
            warm -= 1
            let number = warm
            Task { await post(number) }
            return false
        }

        // The measured run: one message every 1/rate s, each request on its own task.
        let total = rate * seconds
        let started = ContinuousClock.now
        await withTaskGroup(of: Void.self) { requests in
            for number in 0..<total {
                let due = started + .microseconds(Int64(number) * 1_000_000 / Int64(rate))
                if due > .now { try? await Task.sleep(until: due) }
                requests.addTask { await post(number) }
            }
        }
        let postSeconds = BenchSettings.seconds(ContinuousClock.now - started)
        try? await BenchWait.until(timeout: .seconds(60)) { clock.received >= total + abs(warm) - 1 }
        let sendSeconds = BenchSettings.seconds(ContinuousClock.now - started)
        let latencies = clock.latencies.sorted()
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
        let p50 = percentile(0.5), p99 = percentile(0.99)
        FileHandle.standardError.write(Data("  chat end to end: \(latencies.count) frames, p50 \(p50) ms, p99 \(p99) ms\n".utf8))

        await client.shutdown()
        socket.cancel()
        await services.triggerGracefulShutdown()
        await running.value
        identity.service.shutdown()
        await producer.shutdown(timeout: .seconds(5))
        redis.close()
        await postgres.close()
        return BenchResult(
            unit: "ms p99", relais: p99, baseline: 50, baselineName: "target p99", target: 1,
            notes: ["rate_per_s": rate, "messages": total, "conversations": conversations, "frames_received": latencies.count, "p50_ms": p50, "p99_ms": p99,
                    "target_p50_ms": 10, "target_p99_ms": 50, "meets_target": p50 <= 10 && p99 <= 50,
                    "elapsed_s": sendSeconds, "requests_answered_after_s": postSeconds])
    }

    /// The number in a `chat:message` frame whose body is `bench #<n>#`.
    static func messageNumber(in frame: String) -> Int? {
        guard frame.contains(#""type":"chat:message""#), let start = frame.range(of: "bench #") else { return nil }
        return Int(frame[start.upperBound...].prefix { $0 == "-" || $0.isNumber })
    }
}
