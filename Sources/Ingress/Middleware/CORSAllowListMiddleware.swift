import Hummingbird

/// CORS with an exact allow-list of origins from `CORS_ALLOWED_ORIGINS`. An allowed origin gets
/// the CORS headers on every response (errors included, so browsers can read error envelopes);
/// a preflight from any other origin is refused with 403; a simple request from another origin is
/// served without CORS headers, so the browser withholds the response from that page.
public struct CORSAllowListMiddleware: RouterMiddleware {
    public typealias Context = RelaisRequestContext
    private let allowed: Set<String>
    static let allowedMethods = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
    static let allowedHeaders = "Authorization, Content-Type, X-Request-ID, Idempotency-Key, traceparent"

    public init(allowedOrigins: [String]) {
        allowed = Set(allowedOrigins)
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin] else {
            return try await next(request, context)
        }
        let isPreflight = request.method == .options && request.headers[.accessControlRequestMethod] != nil
        guard allowed.contains(origin) else {
            if isPreflight {
                let error = APIError(status: .forbidden, code: "origin_not_allowed", message: "this origin may not call the API")
                return ErrorEnvelopeMiddleware.response(error, requestID: context.requestID)
            }
            return try await next(request, context)
        }
        var response: Response
        if isPreflight {
            response = Response(status: .noContent)
            response.headers[.accessControlAllowMethods] = Self.allowedMethods
            response.headers[.accessControlAllowHeaders] = Self.allowedHeaders
            response.headers[.accessControlMaxAge] = "600"
        } else {
            response = try await next(request, context)
            response.headers[.accessControlExposeHeaders] = "X-Request-ID, Retry-After"
        }
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.accessControlAllowCredentials] = "true"
        response.headers[values: .vary].append("Origin")
        return response
    }
}
