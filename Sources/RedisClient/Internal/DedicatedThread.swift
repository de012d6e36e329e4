import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts the OS threads that make blocking hiredis calls, off Swift's cooperative pool.
enum DedicatedThread {
    /// Runs `body` on a new thread named `name`.
    ///
    /// SIGPIPE is blocked on the thread first: hiredis writes with `write(2)`, and a write to a
    /// socket the server reset would otherwise kill the whole process. Blocked, the write just
    /// fails with EPIPE and becomes a `.connection` error.
    static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &signals, nil)
            body()
        }
        thread.name = name
        thread.start()
    }
}
