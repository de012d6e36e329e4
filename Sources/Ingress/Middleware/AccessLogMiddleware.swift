import Hummingbird
import Logging

/// One structured log line per request: method, route template (never the raw path or query,
/// which can hold ids, emails or tokens), status, duration and request id. No client address,
/// headers or bodies: the access log carries no personal data.
public struct AccessLogMiddleware: RouterMiddleware {
    public typealias Context = RelaisRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1_000
        context.logger.info("request", metadata: [
            "method": "\(request.method.rawValue)",
            "route": "\(context.endpointPath ?? "unmatched")",
            "status": "\(response.status.code)",
            "duration_ms": "\((milliseconds * 10).rounded() / 10)",
        ])
        return response
    }
}
