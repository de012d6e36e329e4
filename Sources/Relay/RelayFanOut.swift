import Foundation
import Logging
import Realtime
import RedisClient
import ServiceLifecycle

/// The relay's background work as one service: the process's single Redis subscription fanned
/// out to local sockets, presence, token-expiry and authentication-deadline checks; on graceful
/// shutdown it closes every socket with 1001 before the HTTP server stops.
final class RelayFanOut: Service, Sendable {
    private let registry: ConnectionRegistry
    private let subscription: RedisSubscription
    private let presence: PresenceTracker
    private let settings: RelaySettings
    private let logger: Logger
    /// How often deadlines are checked: one sweep for all sockets costs less memory than a timer
    /// task per socket, at the price of this much lateness.
    static let sweepInterval: Duration = .milliseconds(200)

    init(registry: ConnectionRegistry, subscription: RedisSubscription, presence: PresenceTracker, settings: RelaySettings,
         logger: Logger) {
        self.registry = registry
        self.subscription = subscription
        self.presence = presence
        self.settings = settings
        self.logger = logger
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.presence.run() }
                group.addTask { await self.sweep() }
                for await message in subscription {
                    deliver(message)
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.shutDown()
        }
        // Sockets closed during shutdown marked their users dirty: write the HDELs.
        await presence.stop()
    }

    /// Closes every socket with 1001 and stops the subscription, which ends `run()` once the
    /// sockets are gone (or the close grace period has passed).
    private func shutDown() {
        let connections = registry.stopAccepting()
        for connection in connections {
            connection.close(.goingAway)
        }
        logger.info("relay closing sockets", metadata: ["sockets": "\(connections.count)"])
        Task { [registry, subscription, settings] in
            let deadline = ContinuousClock.now + settings.closeGracePeriod + .seconds(1)
            while registry.count > 0, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(50))
            }
            subscription.cancel()
        }
    }

    func deliver(_ message: RedisPubSubMessage) {
        if message.channel == RealtimeChannels.revoked {
            revoke(message.payload)
        } else if let userID = RealtimeChannels.userID(inChannel: message.channel) {
            for connection in registry.connections(ofUser: userID) {
                connection.sendLive(message.payload)
            }
        } else if let room = RealtimeChannels.room(inChannel: message.channel) {
            for connection in registry.connections(inRoom: room) {
                connection.send(message.payload)
            }
        }
    }

    /// Closes the local sockets of the tokens and sessions an `auth.revoked` message lists.
    private func revoke(_ payload: [UInt8]) {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any] else {
            logger.warning("malformed auth.revoked message")
            return
        }
        let tokenIDs = Set(((object["token_ids"] as? [String]) ?? []).compactMap(UUID.init(uuidString:)))
        let sessionIDs = Set(((object["session_ids"] as? [String]) ?? []).compactMap(UUID.init(uuidString:)))
        let candidates = (object["user_id"] as? String).flatMap(UUID.init(uuidString:)).map(registry.connections(ofUser:))
            ?? registry.all
        for connection in candidates {
            guard let authentication = connection.authentication else { continue }
            if tokenIDs.contains(authentication.tokenID) || sessionIDs.contains(authentication.sessionID) {
                connection.close(.tokenRevoked)
            }
        }
    }

    /// Closes sockets that did not authenticate in time and those whose token expired.
    private func sweep() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: Self.sweepInterval)
            let now = ContinuousClock.now
            let date = Date()
            for connection in registry.all where !connection.isClosing {
                if let authentication = connection.authentication {
                    if authentication.expiresAt <= date { connection.close(.tokenExpired) }
                } else if connection.authenticationDeadline <= now {
                    connection.close(.authenticationTimeout)
                }
            }
        }
    }
}
