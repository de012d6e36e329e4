import Foundation

/// A redis-server of its own for a test that must stop and restart Redis without disturbing the
/// shared one other tests use. Stopped when the test calls `stop()` or the object goes away.
public final class PrivateRedisServer: @unchecked Sendable {  // the process handle is only touched under `lock`
    public let port: Int
    private let lock = NSLock()
    private var process: Process?
    private let directory: URL

    public init() throws {
        port = try FreePort.find()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("relais-redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try start()
    }

    public var url: String { "redis://127.0.0.1:\(port)" }

    public func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-server")
        process.arguments = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", directory.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        lock.withLock { self.process = process }
        try FreePort.waitUntilOpen(port, timeout: 5)
    }

    public func stop() {
        let running = lock.withLock { () -> Process? in
            defer { self.process = nil }
            return self.process
        }
        guard let running, running.isRunning else { return }
        running.terminate()
        running.waitUntilExit()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
