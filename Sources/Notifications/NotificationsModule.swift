import Identity
import Ingress

/// Notifications as the ingress sees them: the `/v1/notifications` routes.
public struct NotificationsModule: Sendable {
    let accessGuard: AccessGuard

    public init(accessGuard: AccessGuard) {
        self.accessGuard = accessGuard
    }

    public var routes: IngressApplication.RouteInstaller {
        { [accessGuard] routes, dependencies in
            NotificationRoutes.add(to: routes, store: NotificationStore(postgres: dependencies.postgres), guard: accessGuard)
        }
    }
}
