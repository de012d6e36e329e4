import Synchronization

/// The running subscriber loops of one client, so `RedisClient.close()` can stop them all.
final class SubscriberRegistry: Sendable {
    /// nil once closed: later subscriptions are refused.
    private let loops = Mutex<[ObjectIdentifier: SubscriberLoop]?>([:])

    /// Adds a loop about to start; false if the client is already closed.
    func insert(_ loop: SubscriberLoop) -> Bool {
        loops.withLock { loops in
            guard loops != nil else { return false }
            loops?[ObjectIdentifier(loop)] = loop
            return true
        }
    }

    func remove(_ loop: SubscriberLoop) {
        _ = loops.withLock { $0?.removeValue(forKey: ObjectIdentifier(loop)) }
    }

    /// Refuses new loops and cancels the running ones.
    func close() {
        let running = loops.withLock { loops in
            defer { loops = nil }
            return loops.map { Array($0.values) } ?? []
        }
        for loop in running {
            loop.cancel()
        }
    }
}
