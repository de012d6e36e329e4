import Foundation
import HummingbirdTesting
import Testing
import TestSupport

/// The privacy routes appear in the ingress's OpenAPI document like every other route.
@Suite("Privacy routes in OpenAPI")
struct PrivacyOpenAPITests {
    @Test("/openapi.json documents every /v1/privacy and /v1/admin/privacy route with its error replies, and stays valid")
    func documented() async throws {
        try await PrivacyHarness.run { _, client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                let data = Data(buffer: response.body)
                let paths = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["paths"] as? [String: [String: Any]])
                let expected: [(String, String, [String])] = [
                    ("/v1/privacy/export", "post", ["202"]),
                    ("/v1/privacy/exports", "get", ["200"]),
                    ("/v1/privacy/exports/{id}", "get", ["200", "404", "410"]),
                    ("/v1/privacy/deletion-request", "post", ["201", "400"]),
                    ("/v1/privacy/deletion-request", "get", ["200", "404"]),
                    ("/v1/privacy/deletion-request/cancel", "post", ["200", "404"]),
                    ("/v1/admin/privacy/users/{id}/erase", "post", ["202", "403", "404"]),
                    ("/v1/admin/privacy/erasures/{id}", "get", ["200", "403", "404"]),
                ]
                for (path, method, replies) in expected {
                    let operation = try #require(paths[path]?[method] as? [String: Any], "\(method) \(path) is not documented")
                    #expect(Set((operation["responses"] as? [String: Any] ?? [:]).keys).isSuperset(of: replies), "\(method) \(path)")
                }
                try OpenAPIValidator.validate(data)
            }
        }
    }
}
