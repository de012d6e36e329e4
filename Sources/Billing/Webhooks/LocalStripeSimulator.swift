import Foundation

/// Plays Stripe's part after a payment intent or subscription was created by
/// `LocalStripeProvider`: updates the emulated object and sends the events Stripe would send,
/// signed, to the webhook endpoint. Used by `relais billing simulate` and by tests.
public struct LocalStripeSimulator: Sendable {
    public enum IntentOutcome: String, Sendable, CaseIterable {
        /// `payment_intent.succeeded`
        case succeeded
        /// `payment_intent.payment_failed` (card declined)
        case failed
        /// `charge.refunded` for the intent's charge (after a refund was requested)
        case refunded
    }

    public enum SubscriptionOutcome: String, Sendable, CaseIterable {
        /// `customer.subscription.created` with status active (first payment went through)
        case activated
        /// `invoice.paid` then `customer.subscription.updated` with the next period
        case renewed
        /// `invoice.payment_failed` then `customer.subscription.updated` with status past_due
        case paymentFailed = "payment_failed"
        /// `customer.subscription.deleted`
        case cancelled
    }

    /// One event sent: its id, type and the endpoint's HTTP status.
    public struct Delivery: Sendable, Equatable {
        public let eventID: String
        public let type: String
        public let status: Int
    }

    private let provider: LocalStripeProvider
    private let sender: StripeEventSender

    public init(provider: LocalStripeProvider, sender: StripeEventSender) {
        self.provider = provider
        self.sender = sender
    }

    /// - Throws: `SimulationError`, `PostgresError`.
    public func simulate(intent id: String, outcome: IntentOutcome) async throws -> [Delivery] {
        guard var intent = try await provider.object(id), intent["object"]?.text == "payment_intent" else {
            throw SimulationError.unknownObject(id)
        }
        switch outcome {
        case .succeeded:
            intent["status"] = .string("succeeded")
            intent["amount_received"] = intent["amount"]
            intent["last_payment_error"] = .null
            try await provider.update(intent)
            return [try await send("payment_intent.succeeded", intent)]
        case .failed:
            intent["status"] = .string("requires_payment_method")
            intent["last_payment_error"] = .object([
                "code": .string("card_declined"), "decline_code": .string("generic_decline"), "message": .string("Your card was declined."),
            ])
            try await provider.update(intent)
            return [try await send("payment_intent.payment_failed", intent)]
        case .refunded:
            let amount = intent["amount"] ?? .integer(0)
            let charge: [String: StripeJSON] = [
                "id": intent["latest_charge"] ?? .string(LocalStripeProvider.newID("ch")), "object": .string("charge"),
                "amount": amount, "amount_refunded": amount, "refunded": .bool(true), "currency": intent["currency"] ?? .null,
                "payment_intent": .string(id), "metadata": intent["metadata"] ?? .object([:]), "status": .string("succeeded"),
            ]
            return [try await send("charge.refunded", charge)]
        }
    }

    /// - Throws: `SimulationError`, `PostgresError`.
    public func simulate(subscription id: String, outcome: SubscriptionOutcome) async throws -> [Delivery] {
        guard var subscription = try await provider.object(id), subscription["object"]?.text == "subscription" else {
            throw SimulationError.unknownObject(id)
        }
        let now = Int64(Date().timeIntervalSince1970)
        switch outcome {
        case .activated:
            subscription["status"] = .string("active")
            try await provider.update(subscription)
            return [try await send("customer.subscription.created", subscription)]
        case .renewed:
            let periodEnd = (subscription["current_period_end"]?.integer ?? now) + 30 * 86_400
            subscription["status"] = .string("active")
            subscription["current_period_start"] = subscription["current_period_end"]
            subscription["current_period_end"] = .integer(periodEnd)
            try await provider.update(subscription)
            let paid = try await send("invoice.paid", invoice(for: subscription, paid: true, periodEnd: periodEnd))
            return [paid, try await send("customer.subscription.updated", subscription)]
        case .paymentFailed:
            subscription["status"] = .string("past_due")
            try await provider.update(subscription)
            let periodEnd = subscription["current_period_end"]?.integer ?? now
            let failed = try await send("invoice.payment_failed", invoice(for: subscription, paid: false, periodEnd: periodEnd))
            return [failed, try await send("customer.subscription.updated", subscription)]
        case .cancelled:
            subscription["status"] = .string("canceled")
            subscription["canceled_at"] = .integer(now)
            try await provider.update(subscription)
            return [try await send("customer.subscription.deleted", subscription)]
        }
    }

    private func invoice(for subscription: [String: StripeJSON], paid: Bool, periodEnd: Int64) -> [String: StripeJSON] {
        let price = subscription["items"]?.fields?["data"].flatMap { value -> StripeJSON? in
            if case .list(let items) = value { return items.first?.fields?["price"] }
            return nil
        }
        let amount = price?.fields?["unit_amount"] ?? .integer(0)
        return [
            "id": .string(LocalStripeProvider.newID("in")), "object": .string("invoice"), "subscription": subscription["id"] ?? .null,
            "customer": subscription["customer"] ?? .null, "currency": subscription["currency"] ?? .null,
            "amount_due": amount, "amount_paid": paid ? amount : .integer(0), "status": .string(paid ? "paid" : "open"),
            "lines": .object(["object": .string("list"), "data": .list([.object([
                "amount": amount, "period": .object(["start": subscription["current_period_start"] ?? .null, "end": .integer(periodEnd)]),
            ])])]),
            "metadata": subscription["metadata"] ?? .object([:]),
        ]
    }

    /// Wraps `object` in an event like Stripe's and delivers it.
    private func send(_ type: String, _ object: [String: StripeJSON]) async throws -> Delivery {
        let eventID = LocalStripeProvider.newID("evt")
        let event: [String: StripeJSON] = [
            "id": .string(eventID), "object": .string("event"), "api_version": .string("2024-06-20"),
            "created": .integer(Int64(Date().timeIntervalSince1970)), "livemode": .bool(false), "pending_webhooks": .integer(1),
            "type": .string(type), "data": .object(["object": .object(object.filter { $0.key != "idempotency_key" })]),
            "request": .object(["id": .null, "idempotency_key": .null]),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let status = try await sender.send(payload: Array(try encoder.encode(event)))
        guard (200..<300).contains(status) else { throw SimulationError.rejected(status: status, eventType: type) }
        return Delivery(eventID: eventID, type: type, status: status)
    }
}
