import Foundation

/// Builds the OpenAPI 3.1 document served at `/openapi.json` from the routes' documentation.
public struct OpenAPIDocument: Sendable {
    public let routes: [RouteDocumentation]
    public let version: String

    public init(routes: [RouteDocumentation], version: String) {
        self.routes = routes
        self.version = version
    }

    public var json: JSONValue {
        var paths: [(String, JSONValue)] = []
        let grouped = Dictionary(grouping: routes, by: \.openAPIPath)
        for path in grouped.keys.sorted() {
            let operations = (grouped[path] ?? []).sorted { $0.method.rawValue < $1.method.rawValue }
            paths.append((path, .object(operations.map { ($0.method.rawValue.lowercased(), operation($0)) })))
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Relais API",
                "version": .string(version),
                "description": "One backend for Har Academy, La Kapsul, Huntaze, Rework and HuntZen Care.",
            ],
            "servers": [["url": "/"]],
            "paths": .object(paths),
            "components": [
                "schemas": ["Error": Self.errorSchema],
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT"]],
            ],
        ]
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(json)
    }

    private func operation(_ route: RouteDocumentation) -> JSONValue {
        var replies = route.replies
        if route.authenticated && !replies.contains(where: { $0.status == 401 }) {
            replies.append(.init(401, "missing, invalid or revoked token"))
        }
        if route.requestBody != nil {
            for (status, description) in [(400, "invalid body or field"), (413, "body too large"), (415, "body is not JSON")]
            where !replies.contains(where: { $0.status == status }) {
                replies.append(.init(status, description))
            }
        }
        var responses: [(String, JSONValue)] = []
        for reply in replies.sorted(by: { $0.status < $1.status }) {
            let schema = reply.schema ?? (reply.status >= 400 ? JSONSchema.reference("Error") : nil)
            var response: JSONValue = ["description": .string(reply.description)]
            if let schema {
                response = response.setting("content", .object([(reply.contentType, .object([("schema", schema)]))]))
            }
            responses.append((String(reply.status), response))
        }
        var operation: JSONValue = [
            "operationId": .string(Self.operationID(route)),
            "summary": .string(route.summary),
            "tags": [.string(route.tag)],
            "responses": .object(responses),
        ]
        let parameters = route.pathParameters.map { name -> JSONValue in
            ["name": .string(name), "in": "path", "required": true, "schema": ["type": "string"]]
        }
        if !parameters.isEmpty { operation = operation.setting("parameters", .array(parameters)) }
        if let body = route.requestBody {
            operation = operation.setting("requestBody", [
                "required": true, "content": ["application/json": ["schema": body]],
            ])
        }
        if route.authenticated { operation = operation.setting("security", .array([.object([("bearer", .array([]))])])) }
        return operation
    }

    static func operationID(_ route: RouteDocumentation) -> String {
        let words = route.path.split(separator: "/").map { $0.hasPrefix(":") ? "by_" + $0.dropFirst() : String($0) }
        return ([route.method.rawValue.lowercased()] + words).joined(separator: "_")
            .replacingOccurrences(of: ".", with: "_").replacingOccurrences(of: "-", with: "_")
    }

    static let errorSchema = JSONSchema.object([
        ("success", ["const": false]),
        ("error", JSONSchema.object([
            ("code", JSONSchema.string(description: "stable machine-readable code")),
            ("message", JSONSchema.string(description: "human-readable, safe to show")),
            ("details", JSONSchema.array(JSONSchema.object([
                ("field", JSONSchema.string()), ("issue", JSONSchema.string()),
            ], required: ["field", "issue"]))),
        ], required: ["code", "message", "details"])),
        ("request_id", JSONSchema.string()),
    ], required: ["success", "error", "request_id"])
}
