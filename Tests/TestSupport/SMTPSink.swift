import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A private `scripts/smtp-sink.py` on a free port with its own maildir, killed by ``stop()``.
public final class SMTPSink: Sendable {
    public let port: Int
    public let directory: URL
    private let pid: Int32

    public var maildir: URL { directory.appending(path: "maildir") }
    private var outputFile: URL { directory.appending(path: "stdout.log") }

    /// `<repository root>/scripts/smtp-sink.py`.
    public static let scriptPath: String = TestStack.repositoryRoot.appending(path: "scripts/smtp-sink.py").path

    private init(port: Int, directory: URL, pid: Int32) {
        self.port = port
        self.directory = directory
        self.pid = pid
    }

    /// Starts a sink with extra command-line options and waits until it listens.
    /// - Parameter parent: where its maildir lives (the benchmark keeps it in memory).
    public static func start(_ options: [String] = [], in parent: URL = FileManager.default.temporaryDirectory) async throws -> SMTPSink {
        let directory = parent.appending(path: "smtp-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let portFile = directory.appending(path: "port")
        let stdoutPath = directory.appending(path: "stdout.log").path
        let stderrPath = directory.appending(path: "stderr.log").path
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [
            scriptPath, "--host", "127.0.0.1", "--port", "0",
            "--maildir", directory.appending(path: "maildir").path, "--port-file", portFile.path,
        ] + options
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        try process.run()
        let pid = process.processIdentifier
        for _ in 0..<200 {
            if let text = try? String(contentsOf: portFile, encoding: .utf8),
               let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return SMTPSink(port: port, directory: directory, pid: pid)
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        kill(pid, SIGKILL)
        let stderr = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        throw TestSetupError(description: "smtp-sink.py did not start: \(stderr)")
    }

    /// Runs `body` with a fresh sink and always kills it afterwards.
    public static func with<T>(_ options: [String] = [], _ body: (SMTPSink) async throws -> T) async throws -> T {
        let sink = try await start(options)
        defer { sink.stop() }
        return try await body(sink)
    }

    public func stop() {
        kill(pid, SIGKILL)
        try? FileManager.default.removeItem(at: directory)
    }

    /// The stored messages, oldest first (file names start with a nanosecond timestamp).
    public func messages() throws -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: maildir.path)) ?? []
        return names.filter { $0.hasSuffix(".eml") && !$0.hasPrefix(".") }.sorted().map { maildir.appending(path: $0) }
    }

    /// Waits until `count` messages are stored and returns them; the sink stores before it
    /// replies, so after a successful send this does not actually wait.
    public func waitForMessages(_ count: Int) async throws -> [URL] {
        for _ in 0..<100 {
            let found = try messages()
            if found.count >= count { return found }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSetupError(description: "expected \(count) messages, found \(try messages().count)")
    }

    /// What the sink printed (with `--scripted`, one line per AUTH attempt).
    public func output() -> String {
        (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
    }
}
