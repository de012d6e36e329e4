import Foundation
@testable import Identity
import Logging
import PostgresClient
import Realtime
import RedisClient
import ServiceLifecycle
@testable import Relay
import TestSupport

/// Relays started in-process against the stack's PostgreSQL and Redis, with tokens signed by a
/// test secret the relays also verify with.
final class RelayHarness: Sendable {
    static let secret = "relay-tests-secret-0123456789-abcdefghijklmnop"

    let postgres: PostgresClient
    let redis: RedisClient
    let tokens: AccessTokens
    let relay: RelayServer
    private let tasks: [Task<Void, Never>]
    private let groups: [ServiceGroup]
    let relays: [RelayServer]

    /// Starts `count` relays, each with its own port and subscription, and waits until they listen
    /// and are subscribed.
    init(relays count: Int = 1, configure: (inout RelaySettings) -> Void = { _ in }) async throws {
        postgres = try await SharedPostgres.client.value
        redis = RedisClient(configuration: try RedisConfiguration(url: TestStack.redisURL), logger: Logger(label: "test.redis"))
        tokens = try await AccessTokens(configuration: AccessTokenConfiguration(signingSecret: Self.secret))
        var relays: [RelayServer] = []
        var tasks: [Task<Void, Never>] = []
        var groups: [ServiceGroup] = []
        for _ in 0..<count {
            var settings = RelaySettings(port: TestStack.serverPort(), authTimeout: .seconds(1), closeGracePeriod: .seconds(2))
            configure(&settings)
            let relay = RelayServer(settings: settings, tokens: tokens, redis: redis,
                                    rooms: ConversationRoomAccess(postgres: postgres), logger: Logger(label: "test.relay"))
            // Run as `relais relay` does, so shutdown is the graceful one.
            let group = ServiceGroup(configuration: .init(services: [relay], logger: Logger(label: "test.group")))
            tasks.append(Task { try? await group.run() })
            groups.append(group)
            relays.append(relay)
        }
        for relay in relays {
            _ = await relay.awaitListening()
            try await relay.awaitSubscribed()
        }
        self.relays = relays
        self.relay = relays[0]
        self.tasks = tasks
        self.groups = groups
    }

    var port: Int { relay.settings.port }

    /// Graceful shutdown of every relay (as on SIGTERM), then the clients.
    func shutdown() async {
        await stopRelays()
        redis.close()
    }

    func stopRelays() async {
        for group in groups { await group.triggerGracefulShutdown() }
        for task in tasks { await task.value }
    }

    /// A new row in identity.users.
    func createUser() async throws -> UUID {
        let id = UUID()
        let email = "relay-\(id.uuidString.prefix(8).lowercased())@example.test"
        try await postgres.execute("""
            INSERT INTO identity.users (id, email, first_name, last_name) VALUES (\(id), \(email), 'Relay', 'Test')
            """)
        return id
    }

    /// A conversation with these participants.
    func createConversation(participants: [UUID]) async throws -> UUID {
        let id = UUID()
        try await postgres.execute("INSERT INTO messaging.conversations (id) VALUES (\(id))")
        for user in participants {
            try await postgres.execute("""
                INSERT INTO messaging.conversation_participants (conversation_id, user_id) VALUES (\(id), \(user))
                """)
        }
        return id
    }

    func token(for userID: UUID, sessionID: UUID = UUID(), now: Date = Date()) throws -> (token: String, claims: AccessClaims) {
        try tokens.sign(userID: userID, roles: [], sessionID: sessionID, now: now)
    }

    /// A socket authenticated through the query string, past its `connected` frame.
    func connectedSocket(_ userID: UUID, relay: RelayServer? = nil, lastID: String? = nil) async throws -> TestSocket {
        let token = try token(for: userID).token
        var query = "access_token=\(token)"
        if let lastID { query += "&last_id=\(lastID)" }
        let socket = TestSocket(port: (relay ?? self.relay).settings.port, query: query)
        let connected = try await socket.next()
        guard connected["type"] as? String == "connected", connected["user_id"] as? String == userID.uuidString.lowercased() else {
            throw RelayTestFailure(description: "expected a connected frame, got \(connected)")
        }
        return socket
    }

    /// Publishes a frame to the user's stream and channel, as workers do.
    @discardableResult
    func publish(_ object: [String: Any], to userID: UUID) async throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return try await UserStreamPublisher(redis: redis).publish(Array(data), to: userID)
    }
}

/// One migrated PostgreSQL client for every relay test: the tests only insert a few rows, and
/// one pool keeps a parallel run from opening a pool (and migrating) per test.
enum SharedPostgres {
    static let client = Task { try await TestClients.migratedPostgres() }
}
