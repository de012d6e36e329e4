import Hummingbird

/// Registers routes on the Hummingbird router and records their documentation in the same call,
/// so every route appears in `/openapi.json`. Modules add their routes through this type only.
public final class APIRoutes {
    public let router: Router<RelaisRequestContext>
    public private(set) var documentation: [RouteDocumentation] = []

    public init(router: Router<RelaisRequestContext>) {
        self.router = router
    }

    /// Adds `handler` for `method path` described by `documentation`'s other fields.
    public func add<Output: ResponseGenerator>(
        _ method: HTTPRequest.Method, _ path: String, summary: String, tag: String,
        requestBody: JSONValue? = nil, replies: [RouteDocumentation.Reply], authenticated: Bool,
        handler: @escaping @Sendable (Request, RelaisRequestContext) async throws -> Output
    ) {
        documentation.append(RouteDocumentation(method: method, path: path, summary: summary, tag: tag,
                                                requestBody: requestBody, replies: replies, authenticated: authenticated))
        router.on(RouterPath(path), method: method, use: handler)
    }
}
