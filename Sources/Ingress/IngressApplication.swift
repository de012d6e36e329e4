import Foundation
import Hummingbird
import Logging
import Platform
import Synchronization

/// Builds the HTTP ingress: one router with the shared middleware stack, the system routes and
/// every module's routes. `relais serve` and the tests call the same builder.
public enum IngressApplication {
    /// Adds a module's routes; each module (Identity, Academy…) provides one.
    public typealias RouteInstaller = @Sendable (APIRoutes, IngressDependencies) -> Void

    public static let version = "0.1.0"

    /// The router with middleware and routes, and the documentation of every route.
    public static func buildRouter(configuration: RelaisConfiguration.HTTP, dependencies: IngressDependencies,
                                   modules: [RouteInstaller] = []) -> (Router<RelaisRequestContext>, OpenAPIDocument) {
        let router = Router(context: RelaisRequestContext.self)
        // Outermost first: the id exists before anything logs; the envelope is innermost so the
        // access log, CORS and security headers see (and decorate) error responses too.
        router.add(middleware: RequestIDMiddleware(maxBodyBytes: configuration.maxBodyBytes))
        router.add(middleware: AccessLogMiddleware())
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: CORSAllowListMiddleware(allowedOrigins: configuration.corsAllowedOrigins))
        router.add(middleware: ErrorEnvelopeMiddleware())
        router.add(middleware: MetricsMiddleware())

        let routes = APIRoutes(router: router)
        let document = DocumentHolder()
        SystemRoutes.add(to: routes, checks: dependencies.readinessChecks, metrics: dependencies.metrics) {
            document.data.withLock { $0 }
        }
        for install in modules { install(routes, dependencies) }
        let openAPI = OpenAPIDocument(routes: routes.documentation, version: version)
        let encoded = (try? openAPI.encoded()) ?? Data("{}".utf8)
        document.data.withLock { $0 = encoded }
        return (router, openAPI)
    }

    /// The runnable application (a `Service`): stops accepting on graceful shutdown and lets
    /// in-flight requests finish.
    public static func build(configuration: RelaisConfiguration.HTTP, dependencies: IngressDependencies,
                             modules: [RouteInstaller] = [], logger: Logger) -> some ApplicationProtocol {
        let (router, _) = buildRouter(configuration: configuration, dependencies: dependencies, modules: modules)
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            logger: logger)
    }
}

/// Holds the encoded OpenAPI document: the route must exist before the document that lists it
/// can be built, so the handler reads it from here.
private final class DocumentHolder: Sendable {
    let data = Mutex(Data())
}
