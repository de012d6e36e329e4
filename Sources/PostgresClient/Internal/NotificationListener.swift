import Foundation
import Logging
import Synchronization

/// Drives one LISTEN connection on its own thread: waits on the socket with `poll`, hands
/// notifications to an `AsyncStream`, and reconnects with backoff when the connection is lost.
/// The `LibPQConnection` lives only inside `runLoop`, on that thread.
final class NotificationListener: Sendable {
    private struct State {
        var listening = false
        var cancelled = false
        var finished = false
        var waiters: [UInt64: CheckedContinuation<Void, Error>] = [:]
        var nextWaiterID: UInt64 = 0
    }

    let channel: String
    private let configuration: PostgresConfiguration
    private let logger: Logger
    private let state = Mutex(State())
    private let wakePipe: WakePipe?
    let stream: AsyncStream<PostgresNotification>
    private let continuation: AsyncStream<PostgresNotification>.Continuation

    init(channel: String, configuration: PostgresConfiguration, logger: Logger) {
        self.channel = channel
        self.configuration = configuration
        self.logger = logger
        self.wakePipe = WakePipe()
        // Bounded so a stalled consumer cannot grow memory without limit; drops are logged.
        (stream, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(10_000))
    }

    func start() {
        continuation.onTermination = { [weak self] _ in self?.cancel() }
        let thread = Thread { [self] in self.runLoop() }
        thread.name = "postgres-listen"
        thread.start()
    }

    var isListening: Bool { state.withLock { $0.listening } }
    var isFinished: Bool { state.withLock { $0.finished } }
    private var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Stops the thread (promptly, through the wake pipe) and ends the stream.
    func cancel() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Error>] in
            state.cancelled = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        waiters.forEach { $0.resume(throwing: PostgresError(code: .closed, detail: "listener cancelled")) }
        wakePipe?.signal()
    }

    /// Returns once LISTEN is in effect on the current connection.
    func waitUntilListening() async throws {
        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                let immediate: Result<Void, Error>? = state.withLock { state in
                    if state.cancelled { return .failure(PostgresError(code: .closed, detail: "listener cancelled")) }
                    if state.listening { return .success(()) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }

    private func setListening(_ listening: Bool) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Error>] in
            state.listening = listening
            guard listening else { return [] }
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        waiters.forEach { $0.resume() }
    }

    private func runLoop() {
        let metadata: Logger.Metadata = ["channel": "\(channel)"]
        if let wakePipe, !channel.isEmpty, !channel.utf8.contains(0) {
            listen(wakePipe: wakePipe, metadata: metadata)
        } else {
            // Neither a retry nor a reconnect can fix these; end at once so waiters get `.closed`.
            logger.error("postgres listener cannot start: empty channel name, NUL byte, or no wake pipe",
                         metadata: metadata)
            cancel()
        }
        state.withLock { $0.finished = true }
        continuation.finish()
    }

    /// Connects, LISTENs and delivers until cancelled, reconnecting with backoff (0.1 s to 5 s).
    private func listen(wakePipe: WakePipe, metadata: Logger.Metadata) {
        var backoffMilliseconds: Int32 = 100
        var sessions = 0
        while !isCancelled {
            guard let connection = listenConnection() else {
                logger.warning("postgres listener cannot listen; retrying", metadata: metadata.merging(
                    ["retry_ms": "\(backoffMilliseconds)"], uniquingKeysWith: { $1 }))
                _ = wakePipe.wait(socket: nil, timeoutMilliseconds: backoffMilliseconds)
                backoffMilliseconds = min(backoffMilliseconds * 2, 5_000)
                continue
            }
            backoffMilliseconds = 100
            sessions += 1
            setListening(true)
            logger.debug("postgres listener listening", metadata: metadata)
            if sessions > 1 {
                deliver([PostgresNotification(channel: channel, payload: "", isReconnect: true)])
            }
            // The LISTEN reply may already have brought notifications along.
            deliver(connection.takeNotifications())
            while !isCancelled {
                guard wakePipe.wait(socket: connection.socket, timeoutMilliseconds: -1) else { continue }
                guard connection.consumeInput() else { break }
                deliver(connection.takeNotifications())
            }
            setListening(false)
            if !isCancelled {
                logger.warning("postgres listener lost its connection; reconnecting", metadata: metadata)
            }
        }
    }

    /// Opens a connection and LISTENs; nil (after logging) on failure.
    private func listenConnection() -> LibPQConnection? {
        do throws(PostgresError) {
            let connection = try LibPQConnection.connect(configuration)
            guard let quoted = connection.quotedIdentifier(channel) else {
                throw PostgresError(code: .invalidQuery, detail: "channel name cannot be quoted")
            }
            // LISTEN takes no parameters; the channel is quoted by libpq as an identifier.
            _ = try connection.executeConstant("LISTEN " + quoted)
            return connection
        } catch {
            logger.debug("postgres listener setup failed", metadata: [
                "channel": "\(channel)", "error": "\(error)", "reason": "\(error.connectionFailureReason ?? "")",
            ])
            return nil
        }
    }

    private func deliver(_ notifications: [PostgresNotification]) {
        for notification in notifications {
            if case .dropped = continuation.yield(notification) {
                logger.warning("postgres listener buffer full; dropped the oldest notification",
                               metadata: ["channel": "\(channel)"])
            }
        }
    }
}
