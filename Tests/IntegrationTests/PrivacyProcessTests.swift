import Foundation
import PostgresClient
import Testing
import TestSupport

/// `relais serve` + `relais work erasure` as real processes: an export requested over HTTP is
/// built by the erasure worker through Kafka and downloaded once with the emailed link; an
/// admin's erasure runs through the worker and leaves an account that cannot sign in.
@Suite("RGPD export and erasure (processes)", .serialized)
struct PrivacyProcessTests {
    final class Deployment: Sendable {
        let processes: ServeAndWork
        var httpPort: Int { processes.httpPort }
        var postgres: PostgresClient { processes.postgres }

        init() async throws {
            processes = try await ServeAndWork(kinds: ["erasure"])
        }

        func stop() async {
            await processes.stop()
        }

        /// Registers a user (an admin when asked) and signs in: id, address and token.
        func user(admin: Bool = false) async throws -> (id: String, email: String, token: String) {
            try await processes.register("privacy", role: admin ? "admin" : nil)
        }

        func login(_ email: String) async throws -> (status: Int, token: String?) {
            try await processes.login(email)
        }

        /// The variables of the emails of `template` queued for anyone, newest first.
        func emailVariables(template: String) async throws -> [[String: String]] {
            try await postgres.query("""
                SELECT convert_from(payload, 'UTF8') AS payload FROM pipeline.outbox
                WHERE command_type = 'SendEmail' AND convert_from(payload, 'UTF8')::jsonb ->> 'template' = \(template)
                  AND created_at > now() - interval '5 minutes'
                ORDER BY seq DESC
                """).compactMap { row in
                let object = try JSONSerialization.jsonObject(with: Data(try row.decode(String.self, column: "payload").utf8)) as? [String: Any]
                return object?["variables"] as? [String: String]
            }
        }
    }

    @Test("an export is built by the worker and downloaded once with the emailed link; an admin's erasure runs through the worker")
    func exportThenErasure() async throws {
        let deployment = try await Deployment()
        do {
            let user = try await deployment.user()
            let requested = try #require(await RelaisProcess.send("POST", port: deployment.httpPort, "/v1/privacy/export", token: user.token, json: [:]))
            #expect(requested.status == 202)
            let exportID = try #require((((requested.body["data"] as? [String: Any])?["export"]) as? [String: Any])?["id"] as? String)

            var link: String?
            try await Eventually.wait(for: "the export email", timeout: .seconds(60)) {
                link = try await deployment.emailVariables(template: "data_export_ready")
                    .compactMap { $0["download_url"] }.first { $0.contains(exportID.lowercased()) }
                return link != nil
            }
            let url = try #require(link.flatMap(URLComponents.init(string:)))
            let path = url.path.replacingOccurrences(of: "/privacy/", with: "/v1/privacy/") + "?" + (url.query ?? "")
            let download = try #require(await RelaisProcess.send("GET", port: deployment.httpPort, path, token: user.token))
            #expect(download.status == 200)
            #expect(((download.body["data"] as? [String: Any])?["identity"] as? [String: Any])?["account"] != nil)
            #expect(try #require(await RelaisProcess.send("GET", port: deployment.httpPort, path, token: user.token)).status == 410)

            let admin = try await deployment.user(admin: true)
            let erase = try #require(await RelaisProcess.send("POST", port: deployment.httpPort, "/v1/admin/privacy/users/\(user.id)/erase",
                                                              token: admin.token, json: [:]))
            #expect(erase.status == 202)
            try await Eventually.wait(for: "the erasure receipt", timeout: .seconds(60)) {
                await RelaisProcess.send("GET", port: deployment.httpPort, "/v1/admin/privacy/erasures/\(user.id)", token: admin.token)?
                    .body["data"].flatMap { ($0 as? [String: Any])?["completed"] as? Bool } == true
            }
            #expect(try await deployment.login(user.email).status == 401)
        } catch {
            await deployment.stop()
            throw error
        }
        await deployment.stop()
    }
}
