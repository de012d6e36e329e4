import Foundation
import Logging
import Realtime
import RedisClient
import Synchronization

/// Keeps `relay:presence:user:<id>` (field = this relay's instance id, value = its socket count)
/// while this relay holds sockets of the user, so the chat worker can tell who is offline.
///
/// Changes are coalesced: connects and disconnects mark users dirty and one loop writes the
/// current counts, so Redis sees the writes in the order the counts changed (an `HSET` from a
/// connect can never land after the `HDEL` of a later disconnect). Every third of the TTL the
/// loop refreshes every local user in one pipeline.
final class PresenceTracker: Sendable {
    private let redis: RedisClient
    private let registry: ConnectionRegistry
    private let instanceID: String
    private let ttl: Duration
    private let logger: Logger
    private let dirty = Mutex<(users: Set<UUID>, refreshAll: Bool)>(([], false))
    private let wakeUps: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    init(redis: RedisClient, registry: ConnectionRegistry, instanceID: String, ttl: Duration, logger: Logger) {
        self.redis = redis
        self.registry = registry
        self.instanceID = instanceID
        self.ttl = ttl
        self.logger = logger
        (wakeUps, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// The user's socket count on this relay changed.
    func markDirty(_ userID: UUID) {
        dirty.withLock { _ = $0.users.insert(userID) }
        wake.yield()
    }

    /// Writes presence until cancelled or `stop()`.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: self.ttl / 3)
                    self.dirty.withLock { $0.refreshAll = true }
                    self.wake.yield()
                }
            }
            for await _ in wakeUps {
                await flush()
            }
            group.cancelAll()
        }
    }

    /// Writes what is pending and ends `run()`.
    func stop() async {
        wake.finish()
        await flush()
    }

    private func flush() async {
        let (users, refreshAll) = dirty.withLock { state in
            defer { state = ([], false) }
            return state
        }
        let counts = registry.socketCountsByUser
        var commands: [[RedisArgument]] = []
        let seconds = Int(ttl.components.seconds)
        for userID in refreshAll ? users.union(counts.keys) : users {
            let key = RealtimeChannels.presence(userID)
            if let count = counts[userID], count > 0 {
                commands.append(["HSET", .string(key), .string(instanceID), .int(count)])
                commands.append(["EXPIRE", .string(key), .int(seconds)])
            } else {
                commands.append(["HDEL", .string(key), .string(instanceID)])
            }
        }
        guard !commands.isEmpty else { return }
        do {
            _ = try await redis.pipeline(commands)
        } catch {
            // The next refresh rewrites every live user; a missed HDEL expires with the TTL.
            logger.warning("presence update failed", metadata: ["error": "\(error)"])
        }
    }
}
