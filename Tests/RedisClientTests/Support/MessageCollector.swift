import RedisClient
import Synchronization

/// Consumes a subscription in a background task and lets a test wait for what arrived,
/// without cancelling the iterating task (which would end the subscription).
final class MessageCollector: Sendable {
    private final class Storage: Sendable {
        let messages = Mutex<[RedisPubSubMessage]>([])
    }

    private let storage = Storage()
    private let task: Task<Void, Never>

    init(_ subscription: RedisSubscription) {
        let storage = self.storage
        task = Task {
            for await message in subscription {
                storage.messages.withLock { $0.append(message) }
            }
        }
    }

    var messages: [RedisPubSubMessage] {
        storage.messages.withLock { $0 }
    }

    /// Waits until at least `count` messages arrived or `timeout` passed; returns them all.
    func waitFor(count: Int, timeout: Duration = .seconds(5)) async -> [RedisPubSubMessage] {
        let deadline = ContinuousClock.now + timeout
        while messages.count < count && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return messages
    }

    func stop() {
        task.cancel()
    }
}
