import Hummingbird
import Logging
import Pipeline
import Prometheus

/// The small HTTP listener of a worker process (`WORKER_PORT`): `/health` fails (503) when a
/// handler has hung past the threshold, `/metrics` exposes the runtime's counters, latency
/// histogram and lag gauges.
public enum WorkerStatusApplication {
    public static func buildRouter(health: WorkerHealth, metrics: PrometheusCollectorRegistry) -> Router<RelaisRequestContext> {
        let router = Router(context: RelaisRequestContext.self)
        router.add(middleware: RequestIDMiddleware(maxBodyBytes: 1_024))
        router.add(middleware: ErrorEnvelopeMiddleware())
        let routes = APIRoutes(router: router)
        routes.add(.get, "/health", summary: "Worker liveness: no handler hung past the threshold", tag: "worker",
                   replies: [.init(200, "healthy"), .init(503, "a handler is hung")], authenticated: false) { _, _ in
            if let problem = health.problem() {
                throw APIError(status: .serviceUnavailable, code: "worker_unhealthy", message: problem)
            }
            return SuccessEnvelope(["status": "ok", "handlers_running": "\(health.handlersRunning)"])
        }
        MetricsRoute.add(to: routes, registry: metrics, tag: "worker")
        return router
    }

    public static func build(host: String, port: Int, health: WorkerHealth, metrics: PrometheusCollectorRegistry,
                             logger: Logger) -> some ApplicationProtocol {
        Application(router: buildRouter(health: health, metrics: metrics),
                    configuration: .init(address: .hostname(host, port: port)), logger: logger)
    }
}
