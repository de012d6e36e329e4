import Logging
import ServiceLifecycle

/// Runs until graceful shutdown, then releases the clients. Placed first in the service group,
/// it stops last: after the HTTP server drained its requests and the outbox publisher stopped,
/// the producer is flushed (nothing acknowledged to a client is left in memory) and pools close.
struct ShutdownService: Service {
    let actions: [@Sendable () async -> Void]

    func run() async throws {
        try? await gracefulShutdown()
        for action in actions { await action() }
    }
}
