import Email
import Foundation
import Ingress
import Logging
import RedisClient

/// Identity as the ingress sees it: the service, the access guard every module uses to protect
/// its routes, and the route installer for `IngressApplication.build(modules:)`.
public struct IdentityModule: Sendable {
    public let service: IdentityService
    public let accessGuard: AccessGuard

    /// - Parameter rateLimitKeyPrefix: the Redis key prefix of rate-limit buckets (tests isolate theirs).
    public init(dependencies: IngressDependencies, settings: IdentitySettings, rateLimitKeyPrefix: String = "rl",
                logger: Logger) async throws {
        service = try await IdentityService(postgres: dependencies.postgres, redis: dependencies.redis, settings: settings, logger: logger)
        let limiter = RateLimiter(redis: dependencies.redis, keyPrefix: rateLimitKeyPrefix, logger: logger)
        accessGuard = AccessGuard(tokens: service.tokens, limiter: limiter, policies: settings.rateLimits)
    }

    public var routes: IngressApplication.RouteInstaller {
        { [service, accessGuard] routes, dependencies in
            IdentityRoutes.add(to: routes, service: service, guard: accessGuard)
            AdminRoutes.add(to: routes, service: service, guard: accessGuard,
                            deliveries: DeliveryLogStore(postgres: dependencies.postgres),
                            suppressions: SuppressionStore(postgres: dependencies.postgres))
        }
    }
}
