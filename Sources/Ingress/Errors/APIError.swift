import HTTPTypes

/// An error a route means to send: status, stable machine-readable code, a message safe to show,
/// and per-field details for validation errors. Rendered by `ErrorEnvelopeMiddleware`.
public struct APIError: Error, Sendable {
    /// One problem with one input field, e.g. `{"field": "email", "issue": "is required"}`.
    public struct FieldIssue: Sendable, Hashable, Codable {
        public let field: String
        public let issue: String

        public init(field: String, issue: String) {
            self.field = field
            self.issue = issue
        }
    }

    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    public let details: [FieldIssue]
    public let headers: HTTPFields

    public init(status: HTTPResponse.Status, code: String, message: String, details: [FieldIssue] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    public static func validation(_ details: [FieldIssue]) -> APIError {
        let fields = details.map(\.field).joined(separator: ", ")
        return APIError(status: .badRequest, code: "validation_failed", message: "invalid fields: \(fields)", details: details)
    }

    public static func malformedJSON(_ reason: String) -> APIError {
        APIError(status: .badRequest, code: "malformed_json", message: "the request body is not valid JSON: \(reason)")
    }

    public static func unsupportedMediaType(expected: String) -> APIError {
        APIError(status: .unsupportedMediaType, code: "unsupported_media_type", message: "the request body must be \(expected)")
    }

    public static let bodyTooLarge = APIError(status: .contentTooLarge, code: "body_too_large", message: "the request body is larger than allowed")
    public static let unauthenticated = APIError(status: .unauthorized, code: "unauthenticated", message: "authentication is required")
    public static let forbidden = APIError(status: .forbidden, code: "forbidden", message: "you are not allowed to do this")

    public static func notFound(_ what: String = "resource") -> APIError {
        APIError(status: .notFound, code: "not_found", message: "\(what) not found")
    }

    public static func conflict(_ message: String) -> APIError {
        APIError(status: .conflict, code: "conflict", message: message)
    }

    public static func unavailable(_ dependency: String) -> APIError {
        APIError(status: .serviceUnavailable, code: "dependency_unavailable", message: "\(dependency) is unavailable, try again shortly",
                 headers: [.retryAfter: "5"])
    }

    public static func tooManyRequests(retryAfterSeconds: Int) -> APIError {
        APIError(status: .tooManyRequests, code: "rate_limited", message: "too many requests",
                 headers: [.retryAfter: String(max(1, retryAfterSeconds))])
    }
}
