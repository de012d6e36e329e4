import Foundation
import Logging
import RedisClient

#if canImport(Glibc)
import Glibc
#endif

/// A redis-server owned by one test, on its own port, so the test may stop and restart it
/// without touching the shared server.
public final class PrivateRedisServer: @unchecked Sendable {  // `process` is only touched under `lock`
    public let port: Int
    private let extraArguments: [String]
    private var process: Process?
    private let lock = NSLock()

    struct StartFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts a server on a free port with `extraArguments` (e.g. `--requirepass`).
    public init(extraArguments: [String] = []) async throws {
        self.extraArguments = extraArguments
        // Below Linux's ephemeral range, so client sockets never hold these ports.
        var lastPort = 0
        for _ in 0..<10 {
            lastPort = Int.random(in: 20_000..<32_000)
            if let process = try await Self.launch(port: lastPort, extraArguments: extraArguments) {
                self.port = lastPort
                self.process = process
                return
            }
        }
        throw StartFailure(description: "could not start redis-server on a free port (last tried \(lastPort))")
    }

    public var url: String { "redis://127.0.0.1:\(port)" }

    /// Kills the server (a crash, as far as clients can tell) and waits for it to exit.
    public func stop() {
        let running = lock.withLock { () -> Process? in
            defer { process = nil }
            return process
        }
        if let running { Self.kill(running) }
    }

    /// Freezes the server (SIGSTOP): it keeps its sockets open but reads nothing.
    public func freeze() {
        guard let running = lock.withLock({ process }) else { return }
        _ = Glibc.kill(running.processIdentifier, SIGSTOP)
    }

    /// Starts the server again on the same port.
    public func restart() async throws {
        stop()
        let launched = try await Self.launch(port: port, extraArguments: extraArguments)
        lock.withLock { process = launched }
        guard launched != nil else {
            throw StartFailure(description: "could not restart redis-server on port \(port)")
        }
    }

    deinit {
        if let process { Self.kill(process) }
    }

    /// SIGKILL, because Foundation's `Process` on Linux hands the child the spawning thread's
    /// signal mask, and Swift's pool threads block SIGTERM: `terminate()` would be ignored.
    private static func kill(_ process: Process) {
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Starts redis-server on `port`; nil if it exited at once (port taken).
    private static func launch(port: Int, extraArguments: [String]) async throws -> Process? {
        let process = Process()
        let path = ProcessInfo.processInfo.environment["REDIS_SERVER"] ?? "/usr/bin/redis-server"
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [
            "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--daemonize", "no", "--protected-mode", "no", "--dir", NSTemporaryDirectory(),
        ] + extraArguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        // A fresh client per probe: its pool has no reconnect backoff to wait out.
        var configuration = RedisConfiguration(host: "127.0.0.1", port: port)
        configuration.poolSize = 1
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            guard process.isRunning else { return nil }
            let probe = RedisClient(configuration: configuration, logger: Logger(label: "test.redis-server"))
            defer { probe.close() }
            do {
                _ = try await probe.send("PING")
                return process
            } catch let error as RedisError where error.code == .server {
                // NOAUTH when started with --requirepass: it is listening.
                return process
            } catch {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        kill(process)
        return nil
    }
}
