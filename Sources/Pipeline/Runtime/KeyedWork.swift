import KafkaClient
import Synchronization

/// The shared state of one partition's key-ordered parallelism: per-key queues (commands of one
/// key run in order, different keys side by side; a key's queue exists while it has work and the
/// task draining it ends when it is empty), the committable-offset tracker, and the first fatal
/// failure, which stops every key.
final class KeyedWork: Sendable {
    private let queues = Mutex<[String: [KafkaMessage]]>([:])
    let tracker = Mutex(OffsetTracker())
    let fatal = Mutex<HandlerFailure?>(nil)

    var failed: Bool { fatal.withLock { $0 != nil } }

    /// - Returns: true when the key had no queue, so the caller must start a task draining it.
    func enqueue(_ message: KafkaMessage, key: String) -> Bool {
        queues.withLock { queues in
            if queues[key] != nil {
                queues[key, default: []].append(message)
                return false
            }
            queues[key] = [message]
            return true
        }
    }

    /// The key's next message, or nil after removing its (empty) queue.
    func next(for key: String) -> KafkaMessage? {
        queues.withLock { queues in
            guard var queue = queues[key], !queue.isEmpty else {
                queues[key] = nil
                return nil
            }
            let message = queue.removeFirst()
            queues[key] = queue
            return message
        }
    }

    /// Drops every queued message (stop): their offsets were never stored.
    func removeAll() {
        queues.withLock { $0.removeAll() }
    }
}
