import Hummingbird
import Prometheus

/// `GET /metrics` in the Prometheus text format, shared by the ingress and worker processes.
enum MetricsRoute {
    static func add(to routes: APIRoutes, registry: PrometheusCollectorRegistry, tag: String) {
        routes.add(.get, "/metrics", summary: "Prometheus metrics", tag: tag,
                   replies: [.init(200, "text exposition format", schema: JSONSchema.string(), contentType: "text/plain")],
                   authenticated: false) { _, _ in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }
}
