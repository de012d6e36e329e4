import HTTPTypes
import Hummingbird

/// Headers every API response carries: no MIME sniffing, no framing, no referrer leak, nothing
/// cached by shared caches, HTTPS remembered by browsers, and a CSP that allows nothing (the API
/// never serves documents to render).
public struct SecurityHeadersMiddleware: RouterMiddleware {
    public typealias Context = RelaisRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'"
        response.headers[.strictTransportSecurity] = "max-age=31536000; includeSubDomains"
        if response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}
