import Foundation
import HummingbirdTesting
import Testing
import TestSupport

/// The statistics routes appear in the ingress's OpenAPI document like every other route.
@Suite("Stats routes in OpenAPI")
struct StatsOpenAPITests {
    @Test("/openapi.json documents GET /v1/academy/courses/{id}/stats and GET /v1/billing/revenue, with their 403 and 400 replies, and stays valid")
    func documented() async throws {
        try await StatsHarness.run { _, client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                let data = Data(buffer: response.body)
                let paths = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["paths"] as? [String: [String: Any]])
                let courseStats = try #require(paths["/v1/academy/courses/{id}/stats"]?["get"] as? [String: Any])
                let revenue = try #require(paths["/v1/billing/revenue"]?["get"] as? [String: Any])
                #expect(Set((courseStats["responses"] as? [String: Any] ?? [:]).keys).isSuperset(of: ["200", "403", "404"]))
                #expect(Set((revenue["responses"] as? [String: Any] ?? [:]).keys).isSuperset(of: ["200", "400", "403"]))
                try OpenAPIValidator.validate(data)
            }
        }
    }
}
