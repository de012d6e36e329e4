import ErasureWorker
import Foundation
import Hummingbird
import HummingbirdTesting
import Privacy
import Testing
import TestSupport

@Suite("RGPD deletion requests")
struct DeletionRequestTests {
    @Test func requestThenCancelErasesNothing() async throws {
        try await PrivacyHarness.run { harness, client in
            let user = try await harness.account(client)
            let opened = try await harness.call(client, .post, "/v1/privacy/deletion-request", token: user.token, json: ["reason": "je pars"])
            #expect(opened.status == 201)
            let request = try #require(PrivacyHarness.data(opened.body)["deletion_request"] as? [String: Any])
            let date = try #require((request["deletion_date"] as? String).flatMap { try? Date($0, strategy: .iso8601) })
            #expect(abs(date.timeIntervalSinceNow - 30 * 86_400) < 120, "due after the 30-day grace period")
            #expect(try await harness.emails(to: user.email, template: "deletion_requested").count == 1)
            // A second request returns the open one.
            let again = try await harness.call(client, .post, "/v1/privacy/deletion-request", token: user.token)
            #expect(again.status == 200)
            #expect((PrivacyHarness.data(again.body)["deletion_request"] as? [String: Any])?["id"] as? String == request["id"] as? String)
            #expect(try await harness.call(client, .get, "/v1/privacy/deletion-request", token: user.token).status == 200)

            #expect(try await harness.call(client, .post, "/v1/privacy/deletion-request/cancel", token: user.token).status == 200)
            #expect(try await harness.call(client, .post, "/v1/privacy/deletion-request/cancel", token: user.token).status == 404)
            #expect(try await harness.call(client, .get, "/v1/privacy/deletion-request", token: user.token).status == 404)
            // Even once the date has passed, a cancelled request is never swept.
            try await harness.postgres.execute("""
                UPDATE privacy.deletion_requests SET deletion_date = now() - interval '1 day' WHERE user_id = \(user.id)
                """)
            try await harness.handle(SweepDeletionRequestsHandler(postgres: harness.postgres), SweepDeletionRequests(slot: Date()))
            #expect(try await harness.queued("EraseUser", key: user.id.uuidString.lowercased()).isEmpty)
            #expect(try await harness.login(client, email: user.email).status == 200)
        }
    }

    @Test func aRequestCannotBeCancelledOnceItsErasureWasEmitted() async throws {
        try await PrivacyHarness.run { harness, client in
            let user = try await harness.account(client)
            #expect(try await harness.call(client, .post, "/v1/privacy/deletion-request", token: user.token).status == 201)
            try await harness.postgres.execute("""
                UPDATE privacy.deletion_requests SET deletion_date = now() - interval '1 minute' WHERE user_id = \(user.id)
                """)
            let sweep = SweepDeletionRequestsHandler(postgres: harness.postgres)
            try await harness.handle(sweep, SweepDeletionRequests(slot: Date()))
            try await harness.handle(sweep, SweepDeletionRequests(slot: Date()))
            #expect(try await harness.queued("EraseUser", key: user.id.uuidString.lowercased()).count == 1, "one erasure per request")
            #expect(try await harness.call(client, .post, "/v1/privacy/deletion-request/cancel", token: user.token).status == 404)
        }
    }

    @Test func aReasonMustBeShortAndTheBodyJSON() async throws {
        try await PrivacyHarness.run { harness, client in
            let user = try await harness.account(client)
            let long = try await harness.call(client, .post, "/v1/privacy/deletion-request", token: user.token,
                                              json: ["reason": String(repeating: "x", count: 1_001)])
            #expect(long.status == 400)
            let details = ((long.body["error"] as? [String: Any])?["details"] as? [[String: Any]]) ?? []
            #expect(details.first?["field"] as? String == "reason")
            let typed = try await harness.call(client, .post, "/v1/privacy/deletion-request", token: user.token, json: ["reason": 42])
            #expect(typed.status == 400)
            #expect(try await harness.call(client, .post, "/v1/privacy/deletion-request").status == 401)
            #expect(try await harness.call(client, .get, "/v1/privacy/deletion-request", token: user.token).status == 404,
                    "a refused request opened nothing")
        }
    }
}
