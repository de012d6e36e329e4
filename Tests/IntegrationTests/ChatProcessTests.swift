import Foundation
import HummingbirdWSClient
import KafkaClient
import Logging
import Notifications
import Pipeline
import PostgresClient
import Realtime
import RedisClient
import Synchronization
import Testing
import TestSupport

/// `relais serve` + `relais work notifications` as real processes: chat messages and
/// notifications from the HTTP API through Kafka and the worker to PostgreSQL and Redis.
@Suite("Chat and notifications (processes)", .serialized)
struct ChatProcessTests {
    /// Both processes, their ports and three registered users.
    final class Deployment: Sendable {
        let httpPort = TestStack.serverPort()
        let relayPort = TestStack.serverPort()
        let ingress: RelaisProcess
        let worker: RelaisProcess
        let relay: RelaisProcess

        init() async throws {
            let environment = [
                "HTTP_PORT": String(httpPort), "WORKER_PORT": String(TestStack.serverPort()), "RELAY_PORT": String(relayPort),
                "BCRYPT_COST": "4", "LOG_LEVEL": "error",
                "RATE_LIMIT_REGISTER": "1000/1m", "RATE_LIMIT_LOGIN": "1000/1m", "RATE_LIMIT_DEFAULT": "100000/1m",
            ]
            _ = try await RelaisProcess.run(["topics", "apply"], environment: environment)
            ingress = try RelaisProcess(["serve"], environment: environment)
            worker = try RelaisProcess(["work", "notifications"], environment: environment)
            relay = try RelaisProcess(["relay"], environment: environment)
            let (port, relayPort) = (httpPort, relayPort)
            try await Eventually.wait(for: "the ingress", timeout: .seconds(30)) { await RelaisProcess.get(port: port, "/health")?.status == 200 }
            try await Eventually.wait(for: "the relay", timeout: .seconds(30)) { await RelaisProcess.get(port: relayPort, "/health")?.status == 200 }
        }

        func stop() {
            ingress.kill()
            worker.kill()
            relay.kill()
        }

        /// Registers a user; returns its id and access token.
        func register(_ name: String) async throws -> (id: UUID, token: String) {
            let reply = await RelaisProcess.post(port: httpPort, "/v1/auth/register", json: [
                "email": "\(name)-\(UUID().uuidString.prefix(8).lowercased())@example.test", "password": "Correct-Horse-9",
                "first_name": name, "last_name": "Test",
            ])
            let data = try #require(reply?.body["data"] as? [String: Any], "register answered \(reply?.status ?? 0)")
            let user = try #require(data["user"] as? [String: Any])
            let text = user["id"] as? String
            let id = try #require(text.flatMap { UUID(uuidString: $0) })
            return (id, try #require(data["token"] as? String))
        }

        func call(_ method: String, _ path: String, token: String, json: [String: Any]? = nil) async throws -> (status: Int, data: Any?) {
            let reply = try #require(await RelaisProcess.send(method, port: httpPort, path, token: token, json: json), "\(method) \(path) got no answer")
            return (reply.status, reply.body["data"])
        }

        func conversation(_ token: String, with others: [UUID], sensitive: Bool = false) async throws -> UUID {
            let created = try await call("POST", "/v1/chat/conversations", token: token,
                                         json: ["participant_ids": others.map { $0.uuidString.lowercased() }, "sensitive": sensitive])
            #expect(created.status == 201)
            let id = (created.data as? [String: Any])?["id"] as? String
            return try #require(id.flatMap { UUID(uuidString: $0) })
        }

        /// Messages of a conversation as `token`'s user reads them, oldest first.
        func messages(_ conversation: UUID, token: String) async throws -> [[String: Any]] {
            var all: [[String: Any]] = []
            var cursor = ""
            while true {
                let page = try await call("GET", "/v1/chat/conversations/\(conversation.uuidString.lowercased())/messages?limit=100\(cursor)", token: token)
                let data = try #require(page.data as? [String: Any])
                all += data["messages"] as? [[String: Any]] ?? []
                guard let next = data["next_cursor"] as? String else { break }
                cursor = "&before=\(next)"
            }
            return all.reversed()
        }
    }

    static func object(_ payload: [UInt8]) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any] ?? [:]
    }

    static func redis() throws -> RedisClient {
        RedisClient(configuration: try RedisConfiguration(url: TestStack.redisURL), logger: Logger(label: "test.redis"))
    }

    @Test("200 messages posted concurrently reach the room in the order they are stored, and a non-participant sees none")
    func concurrentMessagesKeepOneOrder() async throws {
        let deployment = try await Deployment()
        defer { deployment.stop() }
        let alice = try await deployment.register("alice")
        let bruno = try await deployment.register("bruno")
        let mallory = try await deployment.register("mallory")
        let conversation = try await deployment.conversation(alice.token, with: [bruno.id])

        let redis = try Self.redis()
        defer { redis.close() }
        let room = redis.subscribe(channels: [RealtimeChannels.room(RealtimeRoom.conversation(conversation))])
        defer { room.cancel() }
        try await room.awaitSubscribed()
        // Raw payloads cross the task boundary (JSON objects are not Sendable).
        let payloads = Task { () -> [[UInt8]] in
            var payloads: [[UInt8]] = []
            for await message in room where Self.object(message.payload)["type"] as? String == "chat:message" {
                payloads.append(message.payload)
                if payloads.count == 200 { break }
            }
            return payloads
        }

        let path = "/v1/chat/conversations/\(conversation.uuidString.lowercased())/messages"
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<200 {
                let sender = index.isMultiple(of: 2) ? alice : bruno
                group.addTask { try await deployment.call("POST", path, token: sender.token, json: ["body": "message \(index)"]).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == 202 }, "statuses: \(Set(statuses))")

        let received = try await value(of: payloads, within: .seconds(90)).map(Self.object)
        let receivedSeqs = received.compactMap { ($0["message"] as? [String: Any])?["seq"] as? Int }
        #expect(receivedSeqs == Array(1...200), "the room saw messages in stored order")

        let stored = try await deployment.messages(conversation, token: bruno.token)
        #expect(stored.count == 200)
        #expect(stored.compactMap { $0["id"] as? String } == received.compactMap { ($0["message"] as? [String: Any])?["id"] as? String })

        // Someone outside the conversation: indistinguishable from a missing conversation.
        #expect(try await deployment.call("GET", path, token: mallory.token).status == 404)
        #expect(try await deployment.call("POST", path, token: mallory.token, json: ["body": "hi"]).status == 404)
        let firstID = try #require(stored.first?["id"] as? String)
        #expect(try await deployment.call("PUT", "/v1/chat/messages/\(firstID)/read", token: mallory.token).status == 404)
        let conversations = try await deployment.call("GET", "/v1/chat/conversations", token: mallory.token)
        #expect((conversations.data as? [[String: Any]])?.isEmpty == true)

        // Bruno reads the last message: his unread count drops to 0, Alice's stays at Bruno's 100.
        let lastID = try #require(stored.last?["id"] as? String)
        #expect(try await deployment.call("PUT", "/v1/chat/messages/\(lastID)/read", token: bruno.token).status == 200)
        let brunos = try #require(try await deployment.call("GET", "/v1/chat/conversations", token: bruno.token).data as? [[String: Any]])
        #expect(brunos.first?["unread_count"] as? Int == 0)
        #expect((brunos.first?["last_message"] as? [String: Any])?["seq"] as? Int == 200)
        let alices = try #require(try await deployment.call("GET", "/v1/chat/conversations", token: alice.token).data as? [[String: Any]])
        #expect(alices.first?["unread_count"] as? Int == 100)
    }

    @Test("a sensitive conversation stores only ciphertext and participants read the text; offline participants get a notification")
    func sensitiveConversationAndOfflineNotification() async throws {
        let deployment = try await Deployment()
        defer { deployment.stop() }
        let doctor = try await deployment.register("doctor")
        let patient = try await deployment.register("patient")
        let conversation = try await deployment.conversation(doctor.token, with: [patient.id], sensitive: true)
        let secret = "Compte rendu: insomnie depuis 3 semaines"
        let path = "/v1/chat/conversations/\(conversation.uuidString.lowercased())/messages"
        #expect(try await deployment.call("POST", path, token: doctor.token, json: ["body": secret]).status == 202)

        let postgres = try TestClients.postgres(poolSize: 1)
        defer { Task { await postgres.close() } }
        try await Eventually.wait(for: "the message to be stored", timeout: .seconds(60)) {
            (try? await postgres.query("SELECT 1 AS x FROM messaging.messages WHERE conversation_id = \(conversation)").count) == 1
        }
        let row = try #require(try await postgres.query("""
            SELECT body, body_ciphertext, key_id FROM messaging.messages WHERE conversation_id = \(conversation)
            """).first)
        #expect(try row.decode(String?.self, column: "body") == nil)
        let ciphertext = try row.decode([UInt8].self, column: "body_ciphertext")
        #expect(!String(decoding: ciphertext, as: UTF8.self).contains("insomnie"))
        #expect(try row.decode(String?.self, column: "key_id")?.count == 16)
        #expect(try await deployment.messages(conversation, token: patient.token).first?["body"] as? String == secret)

        // The patient has no socket on any relay, so the worker queued a notification — without the text.
        var notification: [String: Any]?
        try await Eventually.wait(for: "the patient's notification", timeout: .seconds(60)) {
            let page = try? await deployment.call("GET", "/v1/notifications", token: patient.token)
            notification = ((page?.data as? [String: Any])?["notifications"] as? [[String: Any]])?.first
            return notification != nil
        }
        #expect(notification?["type"] as? String == "chat.message")
        #expect((notification?["body"] as? String)?.contains("insomnie") == false)
        let subject = (notification?["data"] as? [String: Any])?["conversation_id"] as? String
        #expect(subject.flatMap { UUID(uuidString: $0) } == conversation)
    }

    @Test("a dispatched notification reaches the user's WebSocket through the relay process, is stored once, kept in the stream, and only its owner can change it")
    func dispatchedNotification() async throws {
        let deployment = try await Deployment()
        defer { deployment.stop() }
        let owner = try await deployment.register("owner")
        let other = try await deployment.register("other")
        let redis = try Self.redis()
        defer { redis.close() }
        let channel = redis.subscribe(channels: [RealtimeChannels.user(owner.id)])
        defer { channel.cancel() }
        try await channel.awaitSubscribed()
        let socket = RelaySocket(port: deployment.relayPort, token: owner.token)
        defer { socket.close() }
        try await Eventually.wait(for: "the socket to be connected", timeout: .seconds(30)) { socket.frames.contains { $0.contains("\"connected\"") } }
        let firstPayload = Task { () -> [UInt8]? in
            for await message in channel {
                return message.payload
            }
            return nil
        }

        let producer = try TestClients.producer()
        let catalogue = try TopicCatalogue.load(path: TestStack.repositoryRoot.appendingPathComponent("topics.yaml").path)
        let publisher = KafkaCommandPublisher(producer: producer, catalogue: catalogue, logger: Logger(label: "test"))
        let receipt = try await publisher.publish(
            DispatchNotification(userID: owner.id, type: "booking.confirmed", title: "Réservation confirmée", body: "Samedi 10h",
                                 data: ["booking_id": "b-42"]),
            actor: nil, traceparent: nil)
        await producer.shutdown(timeout: .seconds(5))

        let frame = Self.object(try #require(try await value(of: firstPayload, within: .seconds(60))))
        #expect(frame["type"] as? String == "notification:new")
        #expect((frame["id"] as? String).flatMap { UUID(uuidString: $0) } == receipt.commandID)
        let streamID = try #require(frame["stream_id"] as? String)
        try await Eventually.wait(for: "the frame on the user's WebSocket", timeout: .seconds(30)) {
            socket.frames.contains { $0.contains("notification:new") && $0.contains(streamID) }
        }
        let stream = try await redis.send(["XRANGE", .string(RealtimeChannels.userStream(owner.id)), .string(streamID), .string(streamID)])
        #expect(stream.array?.count == 1, "the frame is kept in the user's stream for recovery")

        let page = try await deployment.call("GET", "/v1/notifications", token: owner.token)
        let data = try #require(page.data as? [String: Any])
        #expect(data["unread_count"] as? Int == 1)
        let id = receipt.commandID.uuidString.lowercased()
        let listed = (data["notifications"] as? [[String: Any]])?.first?["id"] as? String
        #expect(listed.flatMap { UUID(uuidString: $0) } == receipt.commandID)

        #expect(try await deployment.call("PUT", "/v1/notifications/\(id)/read", token: other.token).status == 404)
        #expect(try await deployment.call("DELETE", "/v1/notifications/\(id)", token: other.token).status == 404)
        #expect(try await deployment.call("GET", "/v1/notifications?per_page=0", token: owner.token).status == 400)
        let read = try await deployment.call("PUT", "/v1/notifications/\(id)/read", token: owner.token)
        #expect(read.status == 200)
        #expect((read.data as? [String: Any])?["read_at"] is String)
        #expect(try await deployment.call("PUT", "/v1/notifications/read-all", token: owner.token).status == 200)
        let after = try await deployment.call("GET", "/v1/notifications", token: owner.token)
        #expect((after.data as? [String: Any])?["unread_count"] as? Int == 0)
        #expect(try await deployment.call("DELETE", "/v1/notifications/\(id)", token: owner.token).status == 200)
        let emptied = try await deployment.call("GET", "/v1/notifications", token: owner.token)
        #expect(((emptied.data as? [String: Any])?["notifications"] as? [Any])?.isEmpty == true)
    }
}

/// The value of a collecting task, which is cancelled (ending its `for await` loop) when it has
/// not finished within `limit`; a cancelled collector counts as a timeout.
func value<T: Sendable>(of task: Task<T, Never>, within limit: Duration) async throws -> T {
    let timer = Task {
        try await Task.sleep(for: limit)
        task.cancel()
    }
    defer { timer.cancel() }
    let value = await task.value
    if task.isCancelled {
        throw TestSetupError(description: "nothing complete arrived within \(limit)")
    }
    return value
}

/// A WebSocket client of a relay process that keeps every text frame it receives.
final class RelaySocket: Sendable {
    private final class Frames: Sendable {
        let list = Mutex<[String]>([])
    }

    private let received = Frames()
    private let task: Task<Void, Never>

    init(port: Int, token: String) {
        let received = received
        task = Task {
            _ = try? await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/v1/ws?access_token=\(token)", logger: Logger(label: "test.ws")
            ) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    if case .text(let text) = message { received.list.withLock { $0.append(text) } }
                }
            }
        }
    }

    var frames: [String] { received.list.withLock { $0 } }

    func close() { task.cancel() }
}
