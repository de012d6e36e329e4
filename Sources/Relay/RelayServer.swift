import Foundation
import Hummingbird
import HummingbirdWebSocket
import Identity
import Logging
import NIOCore
import Realtime
import RedisClient
import ServiceLifecycle
import Synchronization

/// The WebSocket relay: `GET /v1/ws` (sockets) and `GET /health` on one port, fed by one Redis
/// subscription per process.
///
/// Run it as a service. On graceful shutdown it closes every socket with 1001 "going away",
/// then stops the subscription and the HTTP server.
public final class RelayServer: Service, Sendable {
    public let settings: RelaySettings
    private let registry = ConnectionRegistry()
    private let redis: RedisClient
    private let subscription: RedisSubscription
    private let fanOut: RelayFanOut
    private let session: RelaySession
    private let logger: Logger
    private let listening = Mutex<(port: Int?, waiters: [CheckedContinuation<Int, Never>])>((nil, []))

    /// - Parameters:
    ///   - tokens: verifies access tokens (built from `IdentitySettings`' JWT secrets).
    ///   - redis: denylist checks, replays, publishing of client frames, presence, and the
    ///     subscription (which gets its own connection).
    ///   - rooms: who may join which room.
    public init(settings: RelaySettings, tokens: AccessTokens, redis: RedisClient, rooms: any RoomAccess, logger: Logger) {
        var logger = logger
        logger[metadataKey: "relay.instance"] = "\(settings.instanceID)"
        self.settings = settings
        self.redis = redis
        self.logger = logger
        subscription = redis.subscribe(
            channels: [RealtimeChannels.revoked], patterns: [RealtimeChannels.userPattern, RealtimeChannels.roomPattern])
        let presence = PresenceTracker(redis: redis, registry: registry, instanceID: settings.instanceID,
                                       ttl: settings.presenceTTL, logger: logger)
        fanOut = RelayFanOut(registry: registry, subscription: subscription, presence: presence, settings: settings, logger: logger)
        session = RelaySession(
            registry: registry, authenticator: RelayAuthenticator(tokens: tokens, redis: redis, logger: logger), rooms: rooms,
            redis: redis, presence: presence, settings: settings, logger: logger)
    }

    /// Sockets currently held (authenticated or not).
    public var connectionCount: Int { registry.count }

    /// Frames waiting in the sockets' send queues, all sockets together.
    public var queuedFrames: Int { registry.all.reduce(0) { $0 + $1.queuedFrames } }

    /// Sockets of one user on this relay.
    public func connectionCount(ofUser userID: UUID) -> Int { registry.socketCount(ofUser: userID) }

    /// Waits until the Redis subscription is acknowledged (frames published before are lost).
    public func awaitSubscribed(timeout: Duration = .seconds(10)) async throws {
        try await subscription.awaitSubscribed(timeout: timeout)
    }

    /// Waits until the server listens and returns its port.
    public func awaitListening() async -> Int {
        await withCheckedContinuation { continuation in
            let port = listening.withLock { state -> Int? in
                if state.port == nil { state.waiters.append(continuation) }
                return state.port
            }
            if let port { continuation.resume(returning: port) }
        }
    }

    public func run() async throws {
        let router = Router(context: RelayRequestContext.self)
        router.get("/health") { _, _ in HTTPResponse.Status.ok }
        let webSocketRouter = Router(context: RelayRequestContext.self)
        webSocketRouter.ws("/v1/ws") { [session] inbound, outbound, context in
            await session.run(inbound: inbound, outbound: outbound, context: context)
        }
        let webSocket = WebSocketServerConfiguration(
            maxFrameSize: RelaySession.maximumClientMessageBytes,
            autoPing: .enabled(timePeriod: settings.pingInterval),
            closeTimeout: settings.closeGracePeriod)
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: webSocketRouter, configuration: .init(ws: webSocket)),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port ?? 0
                for waiter in self.listening.withLock({ state -> [CheckedContinuation<Int, Never>] in
                    state.port = port
                    defer { state.waiters = [] }
                    return state.waiters
                }) {
                    waiter.resume(returning: port)
                }
            },
            logger: logger)
        // Shutdown runs in reverse order: the fan-out closes the sockets with 1001 first, then
        // the HTTP server stops (its own shutdown would close them with 1000).
        let group = ServiceGroup(configuration: .init(services: [app, fanOut], logger: logger))
        try await group.run()
    }
}
