import HTTPTypes

/// What `/openapi.json` says about one route. Recorded by `APIRoutes` when the route is added,
/// so a route cannot exist without its documentation.
public struct RouteDocumentation: Sendable {
    public struct Reply: Sendable {
        public let status: Int
        public let description: String
        public let schema: JSONValue?
        public let contentType: String

        public init(_ status: Int, _ description: String, schema: JSONValue? = nil, contentType: String = "application/json") {
            self.status = status
            self.description = description
            self.schema = schema
            self.contentType = contentType
        }
    }

    public var method: HTTPRequest.Method
    /// Hummingbird form, e.g. `/v1/academy/courses/:course_id`.
    public var path: String
    public var summary: String
    public var tag: String
    public var requestBody: JSONValue?
    public var replies: [Reply]
    /// Whether the route needs a bearer token (adds the security requirement and a 401 reply).
    public var authenticated: Bool

    public init(method: HTTPRequest.Method, path: String, summary: String, tag: String,
                requestBody: JSONValue? = nil, replies: [Reply], authenticated: Bool) {
        self.method = method
        self.path = path
        self.summary = summary
        self.tag = tag
        self.requestBody = requestBody
        self.replies = replies
        self.authenticated = authenticated
    }

    /// `/v1/x/:id` → `/v1/x/{id}` (OpenAPI path template).
    public var openAPIPath: String { Self.openAPIPath(of: path) }

    public static func openAPIPath(of path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
        }.joined(separator: "/")
    }

    var pathParameters: [String] {
        path.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }
}
