import Foundation
import Hummingbird
import Prometheus

/// Operational routes: liveness, readiness, Prometheus metrics and the OpenAPI document.
public enum SystemRoutes {
    struct Health: Encodable, Sendable {
        let status: String
    }

    struct Readiness: Encodable, Sendable {
        let status: String
        let dependencies: [String: String]
    }

    public static func add(to routes: APIRoutes, checks: [DependencyCheck], metrics: PrometheusCollectorRegistry,
                           openAPI: @escaping @Sendable () -> Data) {
        let statusSchema = JSONSchema.success(JSONSchema.object([("status", JSONSchema.string())], required: ["status"]))
        routes.add(.get, "/health", summary: "Liveness: the process serves HTTP", tag: "system",
                   replies: [.init(200, "alive", schema: statusSchema)], authenticated: false) { _, _ in
            SuccessEnvelope(Health(status: "ok"))
        }
        routes.add(.get, "/ready", summary: "Readiness: PostgreSQL, Redis and Kafka are reachable", tag: "system",
                   replies: [.init(200, "every dependency answers"), .init(503, "a dependency is down; the message names it")],
                   authenticated: false) { _, _ in
            try await readiness(checks)
        }
        MetricsRoute.add(to: routes, registry: metrics, tag: "system")
        routes.add(.get, "/openapi.json", summary: "This API's OpenAPI 3.1 document", tag: "system",
                   replies: [.init(200, "OpenAPI document", schema: ["type": "object"])], authenticated: false) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: openAPI())))
        }
    }

    /// Probes every dependency concurrently; 503 names each one that failed.
    static func readiness(_ checks: [DependencyCheck]) async throws -> SuccessEnvelope<Readiness> {
        let results = await withTaskGroup(of: (String, Bool).self) { group in
            for check in checks {
                group.addTask {
                    do {
                        try await check.probe()
                        return (check.name, true)
                    } catch {
                        return (check.name, false)
                    }
                }
            }
            var results: [String: Bool] = [:]
            for await (name, up) in group { results[name] = up }
            return results
        }
        let down = results.filter { !$0.value }.map(\.key).sorted()
        guard down.isEmpty else {
            throw APIError(status: .serviceUnavailable, code: "not_ready", message: "unavailable: \(down.joined(separator: ", "))",
                           details: down.map { .init(field: $0, issue: "unreachable") }, headers: [.retryAfter: "5"])
        }
        return SuccessEnvelope(Readiness(status: "ready", dependencies: results.mapValues { _ in "up" }))
    }
}
