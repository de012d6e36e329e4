import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ingress
import KafkaClient
import Logging
import Pipeline
import Testing
import TestSupport

@Suite("Ingress request handling and error envelope")
struct ErrorEnvelopeTests {
    struct Envelope: Decodable {
        struct Body: Decodable {
            struct Detail: Decodable { let field: String; let issue: String }
            let code: String
            let message: String
            let details: [Detail]
        }
        let success: Bool
        let error: Body
        let requestId: String
    }

    static func envelope(_ response: TestResponse) throws -> Envelope {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Envelope.self, from: Data(buffer: response.body))
    }

    /// Non-throwing accessors, for use inside `#expect`.
    static func code(_ response: TestResponse) -> String? {
        (try? envelope(response))?.error.code
    }

    static func firstField(_ response: TestResponse) -> String? {
        (try? envelope(response))?.error.details.first?.field
    }

    static let json: HTTPFields = [.contentType: "application/json"]

    func withApp(_ test: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let harness = try IngressHarness()
        let (router, _) = harness.router()
        try await Application(router: router).test(.router, test)
        await harness.close()
    }

    @Test("an unknown route answers 404 with the JSON error envelope and the request id")
    func unknownRoute() async throws {
        try await withApp { client in
            try await client.execute(uri: "/v1/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let body = try Self.envelope(response)
                #expect(body.success == false)
                #expect(body.error.code == "not_found")
                #expect(!body.requestId.isEmpty)
                #expect(response.headers[HTTPField.Name("X-Request-ID")!] == body.requestId)
            }
        }
    }

    @Test("a body over the configured limit answers 413")
    func bodyTooLarge() async throws {
        try await withApp { client in
            let big = "{\"display_name\":\"" + String(repeating: "a", count: IngressHarness.maxBodyBytes * 2) + "\",\"age\":3,\"tags\":[]}"
            try await client.execute(uri: "/v1/test/signups", method: .post, headers: Self.json, body: ByteBuffer(string: big)) { response in
                #expect(response.status == .contentTooLarge)
                #expect(Self.code(response) == "body_too_large")
            }
        }
    }

    @Test("a body that is not JSON by its content type answers 415")
    func wrongContentType() async throws {
        try await withApp { client in
            try await client.execute(uri: "/v1/test/signups", method: .post, headers: [.contentType: "text/plain"],
                                     body: ByteBuffer(string: "display_name=x")) { response in
                #expect(response.status == .unsupportedMediaType)
                #expect(Self.code(response) == "unsupported_media_type")
            }
            try await client.execute(uri: "/v1/test/signups", method: .post, body: ByteBuffer(string: "{}")) { response in
                #expect(response.status == .unsupportedMediaType, "a missing content type is not JSON either")
            }
        }
    }

    @Test("malformed JSON answers 400 malformed_json, never 500", arguments: ["{", "{\"display_name\": }", "", "null x", "\u{0}"])
    func malformedJSON(body: String) async throws {
        try await withApp { client in
            try await client.execute(uri: "/v1/test/signups", method: .post, headers: Self.json, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest)
                #expect(Self.code(response) == "malformed_json")
            }
        }
    }

    @Test("a missing or mistyped field answers 400 naming the field in snake_case")
    func validationNamesField() async throws {
        try await withApp { client in
            try await client.execute(uri: "/v1/test/signups", method: .post, headers: Self.json,
                                     body: ByteBuffer(string: "{\"age\": 3, \"tags\": []}")) { response in
                #expect(response.status == .badRequest)
                let body = try Self.envelope(response)
                #expect(body.error.code == "validation_failed")
                #expect(body.error.details.first?.field == "display_name")
                #expect(body.error.details.first?.issue == "is required")
            }
            try await client.execute(uri: "/v1/test/signups", method: .post, headers: Self.json,
                                     body: ByteBuffer(string: "{\"display_name\": \"A\", \"age\": \"old\", \"tags\": []}")) { response in
                #expect(Self.firstField(response) == "age")
            }
            try await client.execute(uri: "/v1/test/signups", method: .post, headers: Self.json,
                                     body: ByteBuffer(string: "{\"display_name\": \"A\", \"age\": 1, \"tags\": [\"x\", 2]}")) { response in
                #expect(Self.firstField(response) == "tags[1]")
            }
        }
    }

    @Test("a valid body reaches the route and the success envelope is snake_case")
    func validBody() async throws {
        try await withApp { client in
            try await client.execute(uri: "/v1/test/signups", method: .post, headers: Self.json,
                                     body: ByteBuffer(string: "{\"display_name\": \"Zoé 🎶\", \"age\": 31, \"tags\": []}")) { response in
                #expect(response.status == .created)
                let text = String(buffer: response.body)
                #expect(text == "{\"data\":{\"age\":31,\"display_name\":\"Zoé 🎶\"},\"success\":true}")
            }
        }
    }

    @Test("every response carries the security headers, and a caller's request id is echoed only if well-formed")
    func securityHeadersAndRequestID() async throws {
        try await withApp { client in
            try await client.execute(uri: "/health", method: .get, headers: [HTTPField.Name("X-Request-ID")!: "trace-abc-12345"]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.headers[HTTPField.Name("X-Request-ID")!] == "trace-abc-12345")
            }
            try await client.execute(uri: "/health", method: .get, headers: [HTTPField.Name("X-Request-ID")!: "bad id\u{7f}<script>"]) { response in
                #expect(response.headers[HTTPField.Name("X-Request-ID")!] != "bad id\u{7f}<script>")
            }
        }
    }

    @Test("CORS answers preflights from allowed origins only and decorates their error responses")
    func corsAllowList() async throws {
        try await withApp { client in
            let preflight: HTTPFields = [.origin: IngressHarness.allowedOrigin, .accessControlRequestMethod: "POST"]
            try await client.execute(uri: "/v1/test/signups", method: .options, headers: preflight) { response in
                #expect(response.status == .noContent)
                #expect(response.headers[.accessControlAllowOrigin] == IngressHarness.allowedOrigin)
                #expect(response.headers[.accessControlAllowMethods]?.contains("POST") == true)
            }
            let evil: HTTPFields = [.origin: "https://evil.example", .accessControlRequestMethod: "POST"]
            try await client.execute(uri: "/v1/test/signups", method: .options, headers: evil) { response in
                #expect(response.status == .forbidden)
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
            try await client.execute(uri: "/v1/nowhere", method: .get, headers: [.origin: IngressHarness.allowedOrigin]) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.accessControlAllowOrigin] == IngressHarness.allowedOrigin)
            }
            try await client.execute(uri: "/health", method: .get, headers: [.origin: "https://evil.example"]) { response in
                #expect(response.headers[.accessControlAllowOrigin] == nil)
            }
        }
    }

    @Test("a command route answers 202 with the command id once the broker acknowledged")
    func commandAccepted() async throws {
        // Create the catalogue's topics first: the broker would otherwise auto-create email.send
        // with its default partition count when this test produces to it.
        let admin = try KafkaAdmin(brokers: TestStack.kafkaBrokers, logger: Logger(label: "test"))
        let catalogue = try TopicCatalogue.load(path: TestStack.repositoryRoot.appendingPathComponent("topics.yaml").path)
        try await TopicPlanner(admin: admin, catalogue: catalogue).apply()
        admin.close()
        try await withApp { client in
            try await client.execute(uri: "/v1/test/commands/\(UUID())", method: .post) { response in
                #expect(response.status == .accepted)
                #expect(String(buffer: response.body).contains("command_id"))
            }
            try await client.execute(uri: "/v1/test/commands/not-a-uuid", method: .post) { response in
                #expect(response.status == .badRequest, "a malformed path parameter is the caller's error, not a 500")
            }
        }
    }

    @Test("a command route answers 503 with the envelope when the broker is down")
    func brokerDownIs503() async throws {
        let harness = try IngressHarness(brokers: "127.0.0.1:1")
        let (router, _) = harness.router()
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/v1/test/commands/\(UUID())", method: .post) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(Self.code(response) == "dependency_unavailable")
                #expect(response.headers[.retryAfter] != nil)
            }
        }
        await harness.close()
    }
}
