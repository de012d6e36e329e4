import Foundation
import PostgresClient
import Testing
import TestSupport

/// `relais serve` and `relais work <kinds>` as real processes on private topics, with a
/// PostgreSQL client for checks: the deployment of the process suites that drive a worker kind
/// through the HTTP API.
final class ServeAndWork: Sendable {
    static let password = "Correct-Horse-9"

    let httpPort = TestStack.serverPort()
    let catalogue: PrivateCatalogue
    let ingress: RelaisProcess
    let worker: RelaisProcess
    let postgres: PostgresClient

    init(kinds: [String]) async throws {
        catalogue = try PrivateCatalogue(kinds: kinds)
        let environment = [
            "HTTP_PORT": String(httpPort), "WORKER_PORT": String(TestStack.serverPort()), "RELAIS_TOPICS_FILE": catalogue.file.path,
            "BCRYPT_COST": "4", "LOG_LEVEL": "error",
            "RATE_LIMIT_REGISTER": "1000/1m", "RATE_LIMIT_LOGIN": "1000/1m", "RATE_LIMIT_DEFAULT": "100000/1m",
        ]
        _ = try await RelaisProcess.run(["topics", "apply"], environment: environment)
        ingress = try RelaisProcess(["serve"], environment: environment)
        worker = try RelaisProcess(["work"] + kinds, environment: environment)
        postgres = try await TestClients.migratedPostgres()
        let port = httpPort
        try await Eventually.wait(for: "the ingress", timeout: .seconds(30)) { await RelaisProcess.get(port: port, "/health")?.status == 200 }
    }

    func stop() async {
        ingress.kill()
        worker.kill()
        catalogue.remove()
        await postgres.close()
    }

    /// Registers a user through the API, grants `role` when given, and signs in (so the token
    /// carries the role): id, address and access token.
    func register(_ prefix: String, role: String? = nil) async throws -> (id: String, email: String, token: String) {
        let email = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())@example.test"
        let registered = await RelaisProcess.post(port: httpPort, "/v1/auth/register", json: [
            "email": email, "password": Self.password, "first_name": "Léa", "last_name": "Test", "language": "fr",
        ])
        let data = try #require(registered?.body["data"] as? [String: Any], "register answered \(registered?.status ?? 0)")
        let id = try #require((data["user"] as? [String: Any])?["id"] as? String)
        guard let role else { return (id, email, try #require(data["token"] as? String)) }
        try await postgres.execute("INSERT INTO identity.user_roles (user_id, role) VALUES (\(try #require(UUID(uuidString: id))), \(role))")
        return (id, email, try #require(try await login(email).token))
    }

    /// `POST /v1/auth/login` with the test password: status and access token.
    func login(_ email: String) async throws -> (status: Int, token: String?) {
        let reply = try #require(await RelaisProcess.post(port: httpPort, "/v1/auth/login", json: ["email": email, "password": Self.password]))
        return (reply.status, (reply.body["data"] as? [String: Any])?["token"] as? String)
    }
}
