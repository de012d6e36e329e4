import Foundation
import Logging

/// The dedicated thread behind a `RedisSubscription`: one connection blocked in `readReply()`,
/// re-subscribing after every connection loss, pushing messages into an `AsyncStream`.
final class SubscriberLoop: @unchecked Sendable {  // every stored var is only touched with `condition` locked
    private let configuration: RedisConfiguration
    private let channels: [String]
    private let patterns: [String]
    private let logger: Logger
    private let continuation: AsyncStream<RedisPubSubMessage>.Continuation
    private let onFinish: @Sendable (SubscriberLoop) -> Void
    private let backoff = ReconnectBackoff()

    private let condition = NSCondition()
    private var isCancelled = false
    private var isFinished = false
    private var isSubscribed = false
    /// The live connection, held here so `cancel()` can interrupt its blocking read; it cannot
    /// be freed (and its descriptor reused) while this reference exists.
    private var connection: HiredisConnection?
    private var waiters: [UInt64: PendingResult<Void>] = [:]
    private var nextWaiterID: UInt64 = 0

    init(
        configuration: RedisConfiguration,
        channels: [String],
        patterns: [String],
        logger: Logger,
        continuation: AsyncStream<RedisPubSubMessage>.Continuation,
        onFinish: @escaping @Sendable (SubscriberLoop) -> Void
    ) {
        self.configuration = configuration
        self.channels = channels
        self.patterns = patterns
        self.logger = logger
        self.continuation = continuation
        self.onFinish = onFinish
    }

    func start() {
        DedicatedThread.start(name: "redis-sub") { [self] in
            run()
        }
    }

    /// Stops the loop: wakes its blocking read or backoff pause; the stream then finishes.
    func cancel() {
        condition.lock()
        defer { condition.unlock() }
        isCancelled = true
        connection?.interrupt()
        condition.broadcast()
    }

    var subscribed: Bool {
        condition.withLock { isSubscribed }
    }

    /// Returns once every channel and pattern is acknowledged on the current connection.
    ///
    /// - Throws: `RedisError(.closed)` if the subscription ends first, `CancellationError`.
    func waitUntilSubscribed() async throws {
        let pending = PendingResult<Void>()
        let id: UInt64 = condition.withLock {
            nextWaiterID += 1
            if isSubscribed {
                pending.resume(with: .success(()))
            } else if isFinished {
                pending.resume(with: .failure(RedisError.subscriptionClosed))
            } else {
                waiters[nextWaiterID] = pending
            }
            return nextWaiterID
        }
        defer { _ = condition.withLock { waiters.removeValue(forKey: id) } }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { pending.install($0) }
        } onCancel: {
            pending.cancel(with: CancellationError())
        }
    }

    private var cancelled: Bool {
        condition.withLock { isCancelled }
    }

    private func run() {
        var failures = 0
        while !cancelled {
            do {
                try session { failures = 0 }
            } catch {
                if cancelled { break }
                failures += 1
                let delay = backoff.delay(afterFailures: failures)
                if failures == 1 {
                    logger.warning("redis subscription lost; re-subscribing", metadata: ["error": "\(error)"])
                } else {
                    logger.debug("redis re-subscribe failed", metadata: ["error": "\(error)", "failures": "\(failures)"])
                }
                pause(for: delay)
            }
        }
        finish()
    }

    /// One connection's lifetime: subscribe, then deliver messages until the connection fails.
    private func session(onSubscribed: () -> Void) throws(RedisError) {
        // The handshake is bounded by the command timeout; once `cancel()` can interrupt the
        // connection, reads may block for as long as the channels stay quiet.
        let connection = try HiredisConnection.open(configuration, readTimeout: configuration.commandTimeout)
        guard attach(connection) else { return }
        defer { detach() }
        try connection.setReadTimeout(nil)

        if !channels.isEmpty {
            try connection.append(["SUBSCRIBE"] + channels.map(RedisArgument.string))
        }
        if !patterns.isEmpty {
            try connection.append(["PSUBSCRIBE"] + patterns.map(RedisArgument.string))
        }
        var unacknowledged = channels.count + patterns.count
        var dropped = 0
        while true {
            let reply = try connection.readReply()
            if case .error(let message) = reply {
                throw RedisError.server(message)
            }
            guard let items = reply.array, let kind = items.first?.string else {
                throw RedisError(code: .protocolError, message: "unexpected reply on a subscribed connection")
            }
            switch (kind, items.count) {
            case ("message", 3):
                let message = RedisPubSubMessage(
                    channel: items[1].string ?? "", pattern: nil, payload: items[2].bytes ?? [])
                deliver(message, dropped: &dropped)
            case ("pmessage", 4):
                let message = RedisPubSubMessage(
                    channel: items[2].string ?? "", pattern: items[1].string, payload: items[3].bytes ?? [])
                deliver(message, dropped: &dropped)
            case ("subscribe", _), ("psubscribe", _):
                unacknowledged -= 1
                if unacknowledged == 0 {
                    onSubscribed()
                    markSubscribed()
                    logger.debug(
                        "redis subscription active",
                        metadata: ["channels": "\(channels.count)", "patterns": "\(patterns.count)"])
                }
            default:
                break
            }
        }
    }

    private func deliver(_ message: RedisPubSubMessage, dropped: inout Int) {
        switch continuation.yield(message) {
        case .dropped:
            dropped += 1
            // Logged at powers of two so a slow consumer cannot flood the log.
            if dropped & (dropped - 1) == 0 {
                logger.warning("redis subscription buffer full; dropping messages", metadata: ["dropped": "\(dropped)"])
            }
        case .terminated:
            cancel()
        case .enqueued:
            break
        @unknown default:
            break
        }
    }

    private func attach(_ connection: HiredisConnection) -> Bool {
        condition.withLock {
            guard !isCancelled else { return false }
            self.connection = connection
            return true
        }
    }

    private func detach() {
        condition.withLock {
            connection = nil
            isSubscribed = false
        }
    }

    private func markSubscribed() {
        let ready: [PendingResult<Void>] = condition.withLock {
            isSubscribed = true
            defer { waiters.removeAll() }
            return Array(waiters.values)
        }
        for waiter in ready {
            waiter.resume(with: .success(()))
        }
    }

    private func pause(for delay: Duration) {
        let (seconds, attoseconds) = delay.components
        let deadline = Date(timeIntervalSinceNow: Double(seconds) + Double(attoseconds) / 1e18)
        condition.lock()
        defer { condition.unlock() }
        while !isCancelled && Date() < deadline {
            _ = condition.wait(until: deadline)
        }
    }

    private func finish() {
        let abandoned: [PendingResult<Void>] = condition.withLock {
            isCancelled = true
            isFinished = true
            isSubscribed = false
            defer { waiters.removeAll() }
            return Array(waiters.values)
        }
        for waiter in abandoned {
            waiter.resume(with: .failure(RedisError.subscriptionClosed))
        }
        continuation.finish()
        onFinish(self)
        logger.debug("redis subscription closed")
    }
}

extension RedisError {
    static let subscriptionClosed = RedisError(code: .closed, message: "the redis subscription is closed")
}
