import Billing
import Foundation
import Hummingbird
import HummingbirdTesting
import Identity
import PostgresClient
import Testing
import TestSupport

/// `/v1/billing` through the real ingress against PostgreSQL, with the local Stripe emulation.
/// The webhook side is exercised by the process tests; here completions are applied with the
/// same store calls the worker uses.
@Suite("Billing API")
struct BillingRoutesTests {
    static func data(_ body: [String: Any]) -> [String: Any] { body["data"] as? [String: Any] ?? [:] }

    static func fieldIssues(_ body: [String: Any]) -> [String] {
        ((body["error"] as? [String: Any])?["details"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    /// Completes a purchase as `payment_intent.succeeded` would, and marks the emulated intent paid.
    static func complete(_ harness: BillingHarness, transactionID: String, completedDaysAgo: Int = 0) async throws {
        let id = try #require(UUID(uuidString: transactionID))
        try await harness.postgres.withTransaction { connection in
            let found = try await TransactionStore.forEvent(transactionID: transactionID, intentID: nil, on: connection)
            let transaction = try #require(found).transaction
            try await TransactionStore.complete(transaction, intentID: nil, on: connection)
            try await connection.execute("""
                UPDATE billing.transactions SET completed_at = now() - \(completedDaysAgo) * interval '1 day' WHERE id = \(id)
                """)
        }
        let provider = LocalStripeProvider(postgres: harness.postgres)
        let intentID = try await harness.postgres.query("SELECT stripe_payment_intent_id FROM billing.transactions WHERE id = \(id)")
            .first?.decode(String?.self, column: "stripe_payment_intent_id")
        if let intentID = intentID ?? nil, var intent = try await provider.object(intentID) {
            intent["status"] = .string("succeeded")
            try await provider.update(intent)
        }
    }

    @Test("purchase: unknown or draft course and bad input are 400 naming the field; a paid course gives a pending transaction and a pi_ intent")
    func purchaseValidation() async throws {
        try await BillingHarness.run { harness, client in
            let learner = try await harness.user(client)
            let draft = try await harness.course(price: 1000, status: "draft")
            let paid = try await harness.course(price: 4900)

            for (json, field) in [(["course_id": UUID().uuidString], "course_id"), (["course_id": draft.uuidString], "course_id"),
                                  (["course_id": paid.uuidString, "payment_method": "cash"], "payment_method"),
                                  (["course_id": paid.uuidString, "payment_method": "free"], "payment_method"),
                                  ([:], "course_id"), (["course_id": "not-a-uuid"], "course_id")] as [([String: Any], String)] {
                let reply = try await harness.call(client, .post, "/v1/billing/purchase", token: learner.token, json: json)
                #expect(reply.status == 400, "\(json)")
                #expect(Self.fieldIssues(reply.body) == [field], "\(json)")
            }
            let anonymous = try await harness.call(client, .post, "/v1/billing/purchase", json: ["course_id": paid.uuidString])
            #expect(anonymous.status == 401)

            let first = try await harness.call(client, .post, "/v1/billing/purchase", token: learner.token, json: ["course_id": paid.uuidString])
            #expect(first.status == 201)
            let transaction = try #require(Self.data(first.body)["transaction"] as? [String: Any])
            let intent = try #require(Self.data(first.body)["payment_intent"] as? [String: Any])
            #expect(transaction["status"] as? String == "pending")
            #expect(transaction["amount"] as? Int == 4900)
            #expect(transaction["currency"] as? String == "EUR")
            #expect((intent["id"] as? String)?.hasPrefix("pi_") == true)
            #expect(intent["amount"] as? Int == 4900)
            #expect((intent["client_secret"] as? String)?.contains("_secret_") == true)
            #expect(transaction["stripe_payment_intent_id"] as? String == intent["id"] as? String)

            // A retried purchase resumes the pending one: same transaction, same intent, no second charge.
            let again = try await harness.call(client, .post, "/v1/billing/purchase", token: learner.token, json: ["course_id": paid.uuidString])
            #expect(again.status == 200)
            #expect((Self.data(again.body)["transaction"] as? [String: Any])?["id"] as? String == transaction["id"] as? String)
            #expect((Self.data(again.body)["payment_intent"] as? [String: Any])?["id"] as? String == intent["id"] as? String)
        }
    }

    @Test("a free course completes at once and is entitled; buying an owned course is 409")
    func freeCourseAndAlreadyOwned() async throws {
        try await BillingHarness.run { harness, client in
            let learner = try await harness.user(client)
            let free = try await harness.course(price: 0)
            let bought = try await harness.call(client, .post, "/v1/billing/purchase", token: learner.token, json: ["course_id": free.uuidString])
            #expect(bought.status == 201)
            let transaction = try #require(Self.data(bought.body)["transaction"] as? [String: Any])
            #expect(transaction["status"] as? String == "completed")
            #expect(transaction["payment_method"] as? String == "free")
            #expect(Self.data(bought.body)["payment_intent"] == nil)

            let entitlements = try await harness.call(client, .get, "/v1/billing/users/\(learner.id.uuidString)/entitlements", token: learner.token)
            #expect((Self.data(entitlements.body)["courses"] as? [String])?.contains(free.uuidString) == true)

            let twice = try await harness.call(client, .post, "/v1/billing/purchase", token: learner.token, json: ["course_id": free.uuidString])
            #expect(twice.status == 409)
            #expect(BillingHarness.errorCode(twice.body) == "already_owned")
        }
    }

    @Test("refund: pending, free and older-than-14-days are 400 with the reason; another user is 403; owner and admin get 202, a second request 409")
    func refundRules() async throws {
        try await BillingHarness.run { harness, client in
            let owner = try await harness.user(client)
            let stranger = try await harness.user(client)
            let admin = try await harness.user(client, roles: [.admin])
            func buy(_ price: Int64) async throws -> String {
                let course = try await harness.course(price: price)
                let reply = try await harness.call(client, .post, "/v1/billing/purchase", token: owner.token, json: ["course_id": course.uuidString])
                return try #require((Self.data(reply.body)["transaction"] as? [String: Any])?["id"] as? String)
            }
            func refund(_ id: String, _ token: String) async throws -> (status: Int, body: [String: Any]) {
                try await harness.call(client, .post, "/v1/billing/refund/\(id)", token: token)
            }

            let pending = try await buy(2500)
            let notCompleted = try await refund(pending, owner.token)
            #expect(notCompleted.status == 400)
            #expect(BillingHarness.errorCode(notCompleted.body) == "refund_not_possible")
            #expect(((notCompleted.body["error"] as? [String: Any])?["message"] as? String)?.contains("pending") == true)

            let free = try await buy(0)
            #expect(try await refund(free, owner.token).status == 400)

            let old = try await buy(2500)
            try await Self.complete(harness, transactionID: old, completedDaysAgo: 15)
            let tooOld = try await refund(old, owner.token)
            #expect(tooOld.status == 400)
            #expect(((tooOld.body["error"] as? [String: Any])?["message"] as? String)?.contains("14 days") == true)

            let recent = try await buy(2500)
            try await Self.complete(harness, transactionID: recent, completedDaysAgo: 13)
            #expect(try await refund(recent, stranger.token).status == 403)
            let requested = try await refund(recent, owner.token)
            #expect(requested.status == 202)
            let transaction = try #require(Self.data(requested.body)["transaction"] as? [String: Any])
            #expect(transaction["status"] as? String == "completed", "charge.refunded completes the refund, not the request")
            #expect(transaction["refund_requested_at"] != nil)
            let twice = try await refund(recent, owner.token)
            #expect(twice.status == 409)
            #expect(BillingHarness.errorCode(twice.body) == "refund_already_requested")

            let byAdmin = try await buy(3000)
            try await Self.complete(harness, transactionID: byAdmin)
            #expect(try await refund(byAdmin, admin.token).status == 202)
            #expect(try await refund(UUID().uuidString, owner.token).status == 404)
        }
    }

    @Test("entitlements: self and admin may read, another user is 403, an unknown user 404; transactions list only mine")
    func entitlementsAccess() async throws {
        try await BillingHarness.run { harness, client in
            let learner = try await harness.user(client)
            let other = try await harness.user(client)
            let admin = try await harness.user(client, roles: [.admin])
            let path = "/v1/billing/users/\(learner.id.uuidString)/entitlements"
            let own = try await harness.call(client, .get, path, token: learner.token)
            #expect(own.status == 200)
            #expect(Self.data(own.body)["courses"] as? [String] == [])
            #expect(Self.data(own.body).keys.contains("subscription"), "no active subscription is an explicit null")
            #expect(try await harness.call(client, .get, path, token: other.token).status == 403)
            #expect(try await harness.call(client, .get, path, token: admin.token).status == 200)
            #expect(try await harness.call(client, .get, "/v1/billing/users/\(UUID().uuidString)/entitlements", token: admin.token).status == 404)

            let course = try await harness.course(price: 1500)
            _ = try await harness.call(client, .post, "/v1/billing/purchase", token: learner.token, json: ["course_id": course.uuidString])
            let mine = try await harness.call(client, .get, "/v1/billing/transactions", token: learner.token)
            #expect((Self.data(mine.body)["transactions"] as? [Any])?.count == 1)
            let theirs = try await harness.call(client, .get, "/v1/billing/transactions", token: other.token)
            #expect((Self.data(theirs.body)["transactions"] as? [Any])?.count == 0)
        }
    }

    @Test("subscribe: an unknown plan is 400 naming plan; a plan gives a pending subscription priced from config; a second one is 409; none active yet")
    func subscribeRules() async throws {
        try await BillingHarness.run { harness, client in
            let learner = try await harness.user(client)
            let invalid = try await harness.call(client, .post, "/v1/billing/subscribe", token: learner.token, json: ["plan": "gold"])
            #expect(invalid.status == 400)
            #expect(Self.fieldIssues(invalid.body) == ["plan"])

            let created = try await harness.call(client, .post, "/v1/billing/subscribe", token: learner.token, json: ["plan": "pro"])
            #expect(created.status == 201)
            let subscription = try #require(Self.data(created.body)["subscription"] as? [String: Any])
            #expect(subscription["status"] as? String == "pending")
            #expect(subscription["amount_per_month"] as? Int == 2990)
            #expect((subscription["stripe_subscription_id"] as? String)?.hasPrefix("sub_") == true)

            let second = try await harness.call(client, .post, "/v1/billing/subscribe", token: learner.token, json: ["plan": "basic"])
            #expect(second.status == 409)
            #expect(try await harness.call(client, .get, "/v1/billing/subscriptions/active", token: learner.token).status == 404)
        }
    }

    @Test("admin webhook events: 403 for non-admins; listing filters by type and status; replay is 409 for processed, 202 for unmatched, 404 for unknown")
    func adminWebhookEvents() async throws {
        try await BillingHarness.run { harness, client in
            let user = try await harness.user(client)
            let admin = try await harness.user(client, roles: [.admin])
            let type = "test.kind_\(UUID().uuidString.prefix(6).lowercased())"
            let processed = StripeEvents.event(type: type, object: ["id": "obj_\(UUID().uuidString.prefix(6))"])
            let unmatched = StripeEvents.event(type: type, object: ["id": "obj_\(UUID().uuidString.prefix(6))"])
            let processedHead = try StripeEventHead(parsing: processed)
            let unmatchedHead = try StripeEventHead(parsing: unmatched)
            try await harness.postgres.withTransaction { connection in
                _ = try await WebhookEventStore.claim(processedHead, payload: processed, on: connection)
                try await WebhookEventStore.settle(processedHead, status: .processed, on: connection)
                _ = try await WebhookEventStore.claim(unmatchedHead, payload: unmatched, on: connection)
                try await WebhookEventStore.settle(unmatchedHead, status: .unmatched, note: "no transaction", on: connection)
            }

            #expect(try await harness.call(client, .get, "/v1/admin/webhook-events", token: user.token).status == 403)
            #expect(try await harness.call(client, .post, "/v1/admin/webhook-events/\(unmatchedHead.id)/replay", token: user.token).status == 403)
            let listed = try await harness.call(client, .get, "/v1/admin/webhook-events?type=\(type)", token: admin.token)
            let events = try #require(Self.data(listed.body)["events"] as? [[String: Any]])
            #expect(Set(events.compactMap { $0["id"] as? String }) == [processedHead.id, unmatchedHead.id])
            let onlyUnmatched = try await harness.call(client, .get, "/v1/admin/webhook-events?type=\(type)&status=unmatched", token: admin.token)
            #expect((Self.data(onlyUnmatched.body)["events"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [unmatchedHead.id])
            #expect(try await harness.call(client, .get, "/v1/admin/webhook-events?status=lost", token: admin.token).status == 400)

            let detail = try await harness.call(client, .get, "/v1/admin/webhook-events/\(unmatchedHead.id)", token: admin.token)
            #expect((Self.data(detail.body)["payload"] as? [String: Any])?["type"] as? String == type)

            let again = try await harness.call(client, .post, "/v1/admin/webhook-events/\(processedHead.id)/replay", token: admin.token)
            #expect(again.status == 409)
            #expect(BillingHarness.errorCode(again.body) == "already_applied")
            let replay = try await harness.call(client, .post, "/v1/admin/webhook-events/\(unmatchedHead.id)/replay", token: admin.token)
            #expect(replay.status == 202)
            #expect(Self.data(replay.body)["command_id"] != nil)
            #expect(try await harness.call(client, .post, "/v1/admin/webhook-events/evt_nope/replay", token: admin.token).status == 404)
        }
    }
}
