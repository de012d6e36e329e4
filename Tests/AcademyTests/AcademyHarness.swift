import Academy
import Billing
import Foundation
import Hummingbird
import HummingbirdTesting
import Identity
import IngressTestSupport
import Ingress
import KafkaClient
import Logging
import Pipeline
import Platform
import PostgresClient
import Prometheus
import RedisClient
import Testing
import TestSupport

/// The ingress with the Identity, Billing and Academy modules, built like `relais serve` does,
/// against the stack's PostgreSQL, Redis and broker. Every test makes its own users and courses
/// and never relies on empty tables: other suites write the same tables at the same time.
struct AcademyHarness {
    typealias Reply = (status: Int, body: [String: Any])

    let ingress: TestIngress
    let billing: BillingModule
    let academy: AcademyModule
    var postgres: PostgresClient { ingress.postgres }
    var identity: IdentityModule { ingress.identity }

    init() async throws {
        ingress = try await TestIngress()
        billing = BillingModule(accessGuard: ingress.identity.accessGuard, settings: BillingSettings(webhookSecrets: ["whsec_test_academy"]))
        academy = AcademyModule(accessGuard: ingress.identity.accessGuard)
    }

    /// Runs `body` against a fresh harness's router test client, closing the harness afterwards.
    static func run(_ body: @escaping @Sendable (AcademyHarness, any TestClientProtocol) async throws -> Void) async throws {
        let harness = try await AcademyHarness()
        try await TestIngress.test(harness.application(), close: harness.ingress.close) { client in try await body(harness, client) }
    }

    func application() -> some ApplicationProtocol {
        ingress.application([billing.routes, academy.routes])
    }

    // MARK: - Users

    /// A user with `roles`, signed in: its id and access token.
    func user(_ client: any TestClientProtocol, roles: [Role] = [.academyLearner]) async throws -> (id: UUID, token: String) {
        let user = try await ingress.signedInUser(client, prefix: "academy", roles: roles)
        return (user.id, user.token)
    }

    // MARK: - Courses through the API

    /// A draft created by `token` through `POST /courses`; `fields` override the defaults.
    func draft(_ client: any TestClientProtocol, token: String, _ fields: [String: Any] = [:]) async throws -> [String: Any] {
        var json: [String: Any] = ["title": "Cours \(Self.word())", "description": "Une description", "domain": "Excel"]
        json.merge(fields) { $1 }
        let reply = try await call(client, .post, "/v1/academy/courses", token: token, json: json)
        guard reply.status == 201, let course = Self.data(reply.body)["course"] as? [String: Any] else {
            throw TestSetupError(description: "course creation answered \(reply.status)")
        }
        return course
    }

    /// A module through `POST /courses/:id/modules`: its id.
    func module(_ client: any TestClientProtocol, token: String, course: String, order: Int = 1, title: String = "Module") async throws -> String {
        let reply = try await call(client, .post, "/v1/academy/courses/\(course)/modules", token: token, json: ["title": title, "order": order])
        guard reply.status == 201, let id = (Self.data(reply.body)["module"] as? [String: Any])?["id"] as? String else {
            throw TestSetupError(description: "module creation answered \(reply.status)")
        }
        return id
    }

    /// A text lesson through `POST .../lessons`: its id.
    func textLesson(_ client: any TestClientProtocol, token: String, course: String, module: String, order: Int = 1,
                    content: String = "<p>Contenu</p>") async throws -> String {
        let reply = try await call(client, .post, "/v1/academy/courses/\(course)/modules/\(module)/lessons", token: token,
                                   json: ["title": "Leçon \(order)", "type": "text", "order": order, "content": content])
        guard reply.status == 201, let id = (Self.data(reply.body)["lesson"] as? [String: Any])?["id"] as? String else {
            throw TestSetupError(description: "lesson creation answered \(reply.status)")
        }
        return id
    }

    /// A published course of `lessons` text lessons in one module, made by `token` through the
    /// API: the course id and its lesson ids in order.
    func publishedCourse(_ client: any TestClientProtocol, token: String, lessons: Int = 1,
                         _ fields: [String: Any] = [:]) async throws -> (id: String, module: String, lessons: [String]) {
        let course = try #require(try await draft(client, token: token, fields)["id"] as? String)
        let module = try await module(client, token: token, course: course)
        var ids: [String] = []
        for order in 1...lessons { ids.append(try await textLesson(client, token: token, course: course, module: module, order: order)) }
        let published = try await call(client, .post, "/v1/academy/courses/\(course)/publish", token: token)
        guard published.status == 200 else { throw TestSetupError(description: "publish answered \(published.status)") }
        return (course, module, ids)
    }

    // MARK: - Rows written directly

    /// A catalogue row written directly, so a test controls the metrics the catalogue sorts and
    /// filters on (enrolments, rating, publication time).
    @discardableResult
    func insertCourse(title: String, description: String = "", status: String = "published", domain: String = "Other",
                      language: String = "fr", stack: [String] = [], keywords: [String] = [], price: Int64 = 0,
                      pricingModel: String = "one-time", enrollments: Int = 0, rating: Double = 0, reviews: Int = 0,
                      publishedSecondsAgo: Int = 60) async throws -> UUID {
        let id = UUID()
        try await postgres.execute("""
            INSERT INTO academy.courses (id, title, description, status, domain, language, stack, keywords, price_amount, currency,
                                         pricing_model, enrollments_count, average_rating, reviews_count, published_at)
            VALUES (\(id), \(title), \(description), \(status), \(domain), \(language), \(stack), \(keywords), \(price), 'EUR',
                    \(pricingModel), \(enrollments), \(rating), \(reviews),
                    CASE WHEN \(status) = 'draft' THEN NULL ELSE now() - \(publishedSecondsAgo) * interval '1 second' END)
            """)
        return id
    }

    /// A completed purchase and its entitlement, as Billing records them once paid.
    func entitle(_ userID: UUID, to course: String) async throws {
        let courseID = try #require(UUID(uuidString: course))
        let transactionID = UUID()
        try await postgres.withTransaction { connection in
            try await connection.execute("""
                INSERT INTO billing.transactions (id, user_id, course_id, amount, currency, status, payment_method, completed_at)
                SELECT \(transactionID), \(userID), id, price_amount, currency, 'completed', 'card', now() FROM academy.courses WHERE id = \(courseID)
                """)
            try await connection.execute("""
                INSERT INTO billing.entitlements (user_id, course_id, transaction_id) VALUES (\(userID), \(courseID), \(transactionID))
                """)
        }
    }

    /// A subscription of `userID` in `status`.
    func subscribe(_ userID: UUID, status: String = "active") async throws {
        try await postgres.execute("""
            INSERT INTO billing.subscriptions (id, user_id, plan, status, amount_per_month, currency, renewal_date)
            VALUES (\(UUID()), \(userID), 'pro', \(status), 2990, 'EUR', now() + interval '30 days')
            """)
    }

    /// How many `RefreshRecommendations` commands this learner's actions queued, with `cause`.
    func queuedRecommendations(for userID: UUID, cause: String) async throws -> Int {
        try await postgres.query("""
            SELECT count(*) AS n FROM pipeline.outbox
            WHERE command_type = 'RefreshRecommendations' AND message_key = \(userID.uuidString.lowercased())
              AND convert_from(payload, 'UTF8')::jsonb ->> 'cause' = \(cause)
            """).first?.decode(Int.self, column: "n") ?? 0
    }

    /// How many `RefreshStats` commands of the course statistics this user's actions queued.
    func queuedStats(by userID: UUID) async throws -> Int {
        try await postgres.query("""
            SELECT count(*) AS n FROM pipeline.outbox
            WHERE command_type = 'RefreshStats' AND message_key = 'academy.course_stats' AND actor = \("user:\(userID.uuidString.lowercased())")
            """).first?.decode(Int.self, column: "n") ?? 0
    }

    // MARK: - HTTP

    /// `method path` with an optional JSON body and bearer token: status and decoded body.
    func call(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, token: String? = nil,
              json: [String: Any]? = nil) async throws -> Reply {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        let body = try json.map { ByteBuffer(data: try JSONSerialization.data(withJSONObject: $0)) }
        return try await client.execute(uri: path, method: method, headers: headers, body: body) { (Int($0.status.code), Self.object($0)) }
    }

    /// `path?query` with every value percent-encoded.
    static func uri(_ path: String, _ query: [(String, String)]) -> String {
        var components = URLComponents()
        components.path = path
        components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        return components.string ?? path
    }

    static func object(_ response: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
    }

    static func data(_ body: [String: Any]) -> [String: Any] { body["data"] as? [String: Any] ?? [:] }

    static func errorCode(_ body: [String: Any]) -> String? {
        (body["error"] as? [String: Any])?["code"] as? String
    }

    /// The fields a 400 names, in order.
    static func fieldIssues(_ body: [String: Any]) -> [String] {
        ((body["error"] as? [String: Any])?["details"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    static func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    /// A lower-case invented word no dictionary stems and no other test uses, to search for.
    static func word() -> String {
        "zq" + String((0..<10).map { _ in Character(UnicodeScalar(UInt8.random(in: 97...122))) })
    }
}
