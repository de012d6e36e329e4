import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport

/// The `relais` binary as operators run it: subcommands, startup validation, graceful shutdown.
@Suite("relais process")
struct RelaisProcessTests {
    @Test("a malformed variable stops startup with a message naming it, never the value")
    func badConfigurationStopsStartup() async throws {
        let (status, output) = try await RelaisProcess.run(["serve"], environment: ["REDIS_URL": "rediss-secret-value"])
        #expect(status != 0)
        #expect(output.contains("REDIS_URL"))
        #expect(!output.contains("rediss-secret-value"))
    }

    @Test("an invalid topics.yaml stops startup naming the entry at fault")
    func badCatalogueStopsStartup() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("topics-\(UUID().uuidString).yaml")
        try "version: 1\nworkers: {}\ntopics:\n  a.b:\n    key: k\n    partitons: 3\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output) = try await RelaisProcess.run(["topics", "plan"], environment: ["RELAIS_TOPICS_FILE": file.path])
        #expect(status != 0)
        #expect(output.contains("topics.a.b.partitons"))
    }

    @Test("migrate and topics apply are idempotent from the command line")
    func operationsAreIdempotent() async throws {
        #expect(try await RelaisProcess.run(["migrate"]).status == 0)
        let second = try await RelaisProcess.run(["migrate"])
        #expect(second.status == 0)
        #expect(second.output.contains("up to date"))
        #expect(try await RelaisProcess.run(["topics", "apply"]).status == 0)
        let plan = try await RelaisProcess.run(["topics", "plan"])
        #expect(plan.status == 0)
        #expect(plan.output.contains("no changes"))
    }

    @Test("relais serve answers /ready, then on SIGTERM stops accepting and exits cleanly")
    func serveShutsDownGracefully() async throws {
        let port = TestStack.serverPort()
        let server = try RelaisProcess(["serve"], environment: ["HTTP_PORT": String(port), "LOG_FORMAT": "json"])
        defer { server.kill() }
        var ready: (status: Int, body: String)?
        for _ in 0..<100 {
            ready = await RelaisProcess.get(port: port, "/ready")
            if ready?.status == 200 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(ready?.status == 200, "ingress never became ready: \(ready?.body ?? "no answer")")
        server.signal(SIGTERM)
        let status = await server.waitForExit(timeout: .seconds(20))
        #expect(status == 0, "relais serve should exit 0 after SIGTERM")
        #expect(await RelaisProcess.get(port: port, "/health") == nil, "nothing listens after shutdown")
    }

    @Test("relais work refuses unknown worker kinds, listing the declared ones")
    func workValidatesKinds() async throws {
        let (status, output) = try await RelaisProcess.run(["work", "fax"])
        #expect(status != 0)
        #expect(output.contains("webhooks"))
    }
}
