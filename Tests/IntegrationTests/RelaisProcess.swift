import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif
import TestSupport

/// The built `relais` binary run as a child process, the way `make run` and compose run it.
final class RelaisProcess: @unchecked Sendable {  // `process` is set once in init, then only read
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let process: Process
    let output: Pipe

    static func binary(_ name: String) -> URL {
        TestStack.repositoryRoot.appendingPathComponent(".build/debug/\(name)")
    }

    /// Starts `<binary> <arguments>` (the `relais` binary by default) with the test's
    /// environment plus `environment`.
    init(_ arguments: [String], environment: [String: String] = [:], binary name: String = "relais") throws {
        let binary = Self.binary(name)
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw Failure(description: "\(binary.path) is missing: `make test` builds it with --build-tests")
        }
        process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = TestStack.repositoryRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    /// Runs to completion; returns the exit status and everything printed.
    ///
    /// Reading the output and waiting for the exit block, so they run on a dispatch thread:
    /// Swift's cooperative pool has one thread per core (two here), and blocking one of them
    /// for a whole process run stalls every other test of the process, timers included.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        let child = try RelaisProcess(arguments, environment: environment)
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let text = String(decoding: child.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                child.process.waitUntilExit()
                continuation.resume(returning: (child.process.terminationStatus, text))
            }
        }
    }

    /// Sends a signal with kill(2): Foundation's `terminate()` is not enough because a child
    /// spawned from a Swift pool thread may inherit a mask that blocks SIGTERM.
    func signal(_ number: Int32) {
        _ = Glibc.kill(process.processIdentifier, number)
    }

    /// Waits for exit up to `timeout`; nil if it is still running.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    func kill() {
        if process.isRunning { signal(SIGKILL) }
    }

    /// GET `http://127.0.0.1:<port><path>`; nil when nothing answers.
    static func get(port: Int, _ path: String) async -> (status: Int, body: String)? {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { return nil }
        var request = URLRequest(url: url)
        request.timeoutInterval = 2
        guard let (data, response) = try? await URLSession.shared.data(for: request),
              let http = response as? HTTPURLResponse else { return nil }
        return (http.statusCode, String(decoding: data, as: UTF8.self))
    }

    /// POST a JSON body to `http://127.0.0.1:<port><path>`; nil when nothing answers.
    static func post(port: Int, _ path: String, json: [String: Any]) async -> (status: Int, body: [String: Any])? {
        await send("POST", port: port, path, json: json)
    }

    /// Any method, with an optional JSON body and bearer token; the reply's JSON object (empty
    /// when it is not one). nil when nothing answers.
    static func send(_ method: String, port: Int, _ path: String, token: String? = nil,
                     json: [String: Any]? = nil) async -> (status: Int, body: [String: Any])? {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { return nil }
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let json {
            guard let body = try? JSONSerialization.data(withJSONObject: json) else { return nil }
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let token {
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        }
        request.timeoutInterval = 10
        guard let (data, response) = try? await URLSession.shared.data(for: request),
              let http = response as? HTTPURLResponse else { return nil }
        return (http.statusCode, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
    }
}
