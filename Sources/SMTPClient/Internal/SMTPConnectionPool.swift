import NIOCore

/// Keeps established connections for reuse, at most `maxConnections` open at once.
///
/// A caller ``acquire()``s either an idle connection or the right to open a new one, and
/// hands the connection back with ``release(_:reusable:)``. Idle connections are closed
/// with QUIT once they have waited `idleTimeout`; the most recently used one is handed out
/// first so that surplus connections age out.
actor SMTPConnectionPool {
    private struct IdleConnection {
        let connection: SMTPConnection
        let since: ContinuousClock.Instant
    }

    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<SMTPConnection?, any Error>
    }

    private let maxConnections: Int
    private let idleTimeout: Duration
    private var idle: [IdleConnection] = []
    /// Connections opening, in use or idle.
    private var open = 0
    private var waiters: [Waiter] = []
    private var nextWaiterID = 0
    private var isShutDown = false
    private var reaper: Task<Void, Never>?
    /// QUITs in progress, so that ``shutdown()`` can wait for them.
    private var closing: [Int: Task<Void, Never>] = [:]
    private var nextClosingID = 0

    init(maxConnections: Int, idleTimeout: TimeAmount) {
        self.maxConnections = max(1, maxConnections)
        self.idleTimeout = .nanoseconds(idleTimeout.nanoseconds)
    }

    /// An idle connection, or `nil` to say "open a new one, a slot is reserved for you" (then
    /// call ``release(_:reusable:)`` or, if opening failed, ``openFailed()``).
    func acquire() async throws -> SMTPConnection? {
        guard !isShutDown else { throw Self.shutDownError }
        let now = ContinuousClock.now
        while let candidate = idle.popLast() {
            if candidate.connection.isActive && now - candidate.since < idleTimeout {
                return candidate.connection
            }
            retire(candidate.connection, politely: candidate.connection.isActive)
        }
        if open < maxConnections {
            open += 1
            return nil
        }
        let id = nextWaiterID
        nextWaiterID += 1
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append(Waiter(id: id, continuation: continuation))
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    /// Gives back a connection; one that is not reusable (or arrives after shutdown) is closed.
    func release(_ connection: SMTPConnection, reusable: Bool) {
        guard reusable, connection.isActive, !isShutDown else {
            retire(connection, politely: reusable && connection.isActive)
            handOverFreedSlot()
            return
        }
        if !waiters.isEmpty {
            waiters.removeFirst().continuation.resume(returning: connection)
            return
        }
        idle.append(IdleConnection(connection: connection, since: .now))
        scheduleReaper()
    }

    /// Frees the slot reserved by ``acquire()`` for a connection that could not be opened.
    func openFailed() {
        open -= 1
        handOverFreedSlot()
    }

    /// Fails waiting senders, closes idle connections with QUIT and waits for that; connections
    /// in use are closed when they are released.
    func shutdown() async {
        isShutDown = true
        reaper?.cancel()
        reaper = nil
        for waiter in waiters { waiter.continuation.resume(throwing: Self.shutDownError) }
        waiters = []
        for entry in idle { retire(entry.connection, politely: true) }
        idle = []
        while let task = closing.values.first {
            await task.value
        }
    }

    private static var shutDownError: SMTPError {
        SMTPError(.shutDown, stage: .prepare, detail: "the SMTP client was shut down")
    }

    private func retire(_ connection: SMTPConnection, politely: Bool) {
        open -= 1
        if politely {
            let id = nextClosingID
            nextClosingID += 1
            closing[id] = Task {
                await connection.quit()
                self.closed(id)
            }
        } else {
            connection.close()
        }
    }

    private func closed(_ id: Int) {
        closing[id] = nil
    }

    /// A freed slot goes to the longest-waiting sender, who opens a new connection with it.
    private func handOverFreedSlot() {
        guard !waiters.isEmpty, open < maxConnections else { return }
        open += 1
        waiters.removeFirst().continuation.resume(returning: nil)
    }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }

    private func scheduleReaper() {
        guard reaper == nil, let oldest = idle.map(\.since).min() else { return }
        let deadline = oldest + idleTimeout
        reaper = Task {
            try? await Task.sleep(until: deadline, clock: .continuous)
            self.reap()
        }
    }

    private func reap() {
        reaper = nil
        guard !isShutDown else { return }
        let now = ContinuousClock.now
        let (expired, fresh) = (idle.filter { now - $0.since >= idleTimeout }, idle.filter { now - $0.since < idleTimeout })
        idle = fresh
        for entry in expired { retire(entry.connection, politely: true) }
        scheduleReaper()
    }
}
