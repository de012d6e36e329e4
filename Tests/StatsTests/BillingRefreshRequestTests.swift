import Billing
import Foundation
import Pipeline
import Platform
import PostgresClient
import Stats
import Testing
import TestSupport
import WebhooksWorker

/// The webhook worker asks for a revenue refresh, through the outbox of the event's transaction,
/// exactly when revenue changed: a purchase paid or refunded (not a failed pending one).
@Suite("Billing refresh requests")
struct BillingRefreshRequestTests {
    @Test("payment succeeded → one RefreshStats(billing.revenue_daily) in the outbox; refund → one more; failure of a pending purchase → none")
    func revenueEventsRequestARefresh() async throws {
        let postgres = try await TestClients.migratedPostgres()
        let seeds = StatsSeeds(postgres: postgres)
        let worker = try await PrivateWorker(commandType: ProcessStripeEvent.commandType.name, postgres: postgres)
        do {
            let course = try await seeds.course()
            let paid = try await seeds.transaction(try await seeds.user(), course: course, amount: 4_200, currency: "EUR", status: "pending",
                                                   completedDaysAgo: nil)
            let declined = try await seeds.transaction(try await seeds.user(), course: course, amount: 4_200, currency: "EUR", status: "pending",
                                                       completedDaysAgo: nil)
            let intent = "pi_stats_\(UUID().uuidString.prefix(8))"
            let (success, refund, failure) = (TraceParent.random(), TraceParent.random(), TraceParent.random())
            try await worker.publish(try Self.event("payment_intent.succeeded", [
                "id": intent, "object": "payment_intent", "amount": 4_200, "amount_received": 4_200, "currency": "eur",
                "metadata": ["relais_transaction_id": paid.uuidString.lowercased()],
            ]), traceparent: success)
            try await worker.publish(try Self.event("charge.refunded", [
                "id": "ch_stats_\(UUID().uuidString.prefix(8))", "object": "charge", "amount": 4_200, "amount_refunded": 4_200, "refunded": true,
                "currency": "eur", "payment_intent": intent, "metadata": ["relais_transaction_id": paid.uuidString.lowercased()],
            ], createdLater: true), traceparent: refund)
            try await worker.publish(try Self.event("payment_intent.payment_failed", [
                "id": "pi_stats_\(UUID().uuidString.prefix(8))", "object": "payment_intent", "amount": 4_200, "currency": "eur",
                "metadata": ["relais_transaction_id": declined.uuidString.lowercased()],
            ]), traceparent: failure)

            try await worker.whileRunning(ProcessStripeEventHandler(postgres: postgres, appBaseURL: "https://relais.test")) {
                try await Eventually.wait(for: "3 events handled", timeout: .seconds(60)) { worker.handled >= 3 }
            }
            #expect(try await Self.status(of: paid, postgres) == "refunded")
            #expect(try await Self.status(of: declined, postgres) == "failed")
            #expect(try await Self.refreshRequests(trace: success, postgres) == 1)
            #expect(try await Self.refreshRequests(trace: refund, postgres) == 1)
            #expect(try await Self.refreshRequests(trace: failure, postgres) == 0)
            // Cleanup of the events the worker recorded.
            try await postgres.execute("DELETE FROM billing.webhook_events WHERE payload #>> '{data,object,metadata,relais_transaction_id}' = ANY(\([paid, declined].map { $0.uuidString.lowercased() }))")
        } catch {
            await worker.close()
            await seeds.removeAll()
            await postgres.close()
            throw error
        }
        await worker.close()
        await seeds.removeAll()
        await postgres.close()
    }

    /// A Stripe-shaped event around `object` (the refund is created a second later, so the
    /// ordering guard applies it after the success on the same payment intent).
    static func event(_ type: String, _ object: [String: Any], createdLater: Bool = false) throws -> ProcessStripeEvent {
        let event: [String: Any] = [
            "id": "evt_stats_\(UUID().uuidString.prefix(12).lowercased())", "object": "event", "type": type,
            "created": Int(Date().timeIntervalSince1970) + (createdLater ? 1 : 0), "livemode": false, "data": ["object": object],
        ]
        return try ProcessStripeEvent(document: Array(try JSONSerialization.data(withJSONObject: event)))
    }

    static func status(of transaction: UUID, _ postgres: PostgresClient) async throws -> String? {
        try await postgres.query("SELECT status FROM billing.transactions WHERE id = \(transaction)").first?.decode(String.self, column: "status")
    }

    /// RefreshStats commands for the revenue view queued by handlers working for `trace`.
    static func refreshRequests(trace: TraceParent, _ postgres: PostgresClient) async throws -> Int {
        try await postgres.query("""
            SELECT count(*) AS n FROM pipeline.outbox
            WHERE command_type = 'RefreshStats' AND message_key = \(StatsView.billingRevenueDaily.name)
              AND traceparent LIKE \("00-\(trace.traceID)-%")
            """).first?.decode(Int.self, column: "n") ?? 0
    }
}
