import Foundation
import Hummingbird
import HummingbirdTesting
import Ingress
import Testing
import TestSupport

@Suite("System routes: health, readiness, metrics, OpenAPI")
struct SystemRoutesTests {
    @Test("/ready answers 503 naming Redis while it is stopped, and recovers when it is back")
    func readinessFollowsRedis() async throws {
        let redisServer = try await PrivateRedisServer()
        let harness = try IngressHarness(redisURL: redisServer.url)
        let (router, _) = harness.router()
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
            }
            redisServer.stop()
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let text = String(buffer: response.body)
                #expect(text.contains("redis"))
                #expect(!text.contains("postgresql\",\"issue"), "only the dependency that is down is named")
            }
            try await redisServer.restart()
            var recovered = false
            for _ in 0..<50 where !recovered {
                try await client.execute(uri: "/ready", method: .get) { response in
                    recovered = response.status == .ok
                }
                if !recovered { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(recovered, "readiness recovers once Redis is back")
        }
        await harness.close()
    }

    @Test("/health answers 200 without touching dependencies")
    func health() async throws {
        let harness = try IngressHarness(redisURL: "redis://127.0.0.1:1")
        let (router, _) = harness.router()
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "{\"data\":{\"status\":\"ok\"},\"success\":true}")
            }
        }
        await harness.close()
    }

    @Test("/metrics renders the Prometheus text format")
    func metrics() async throws {
        let harness = try IngressHarness()
        harness.dependencies.metrics.makeCounter(descriptor: .init(metricName: "relais_test", unitName: "total", helpText: "test counter")).increment()
        let (router, _) = harness.router()
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                #expect(String(buffer: response.body).contains("relais_test_total 1"))
            }
        }
        await harness.close()
    }

    @Test("/openapi.json is an OpenAPI 3.1 document listing every route of the router")
    func openAPIListsEveryRoute() async throws {
        let harness = try IngressHarness()
        let (router, document) = harness.router()
        let registered = Set(router.routes.map { "\($0.method.rawValue.lowercased()) \(RouteDocumentation.openAPIPath(of: $0.path.description))" })
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                let data = Data(buffer: response.body)
                let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
                #expect(json["openapi"] as? String == "3.1.0")
                let paths = try #require(json["paths"] as? [String: [String: Any]])
                let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0) \(path)" } })
                #expect(registered == documented)
                #expect(documented.contains("get /ready"))
                #expect(documented.contains("post /v1/test/commands/{visitor_id}"))
                try OpenAPIValidator.validate(data)
            }
        }
        #expect(document.routes.count == registered.count)
        await harness.close()
    }
}
