import Billing
import Foundation
import Pipeline
import PostgresClient

/// What each Stripe event type changes, on the connection of the event's transaction. Every
/// effect is written so that applying it to an object already in the target state changes
/// nothing and sends nothing.
struct StripeEventEffects: Sendable {
    /// The outcome recorded on the event, with a note for admins when it did not apply.
    struct Applied: Sendable {
        let status: WebhookEventStatus
        let note: String?

        static let processed = Applied(status: .processed, note: nil)
        static func processed(_ note: String) -> Applied { Applied(status: .processed, note: note) }
        static func unmatched(_ note: String) -> Applied { Applied(status: .unmatched, note: note) }
    }

    let followUps: BillingFollowUps

    func apply(_ event: StripeEvent, context: HandlerContext, on connection: PostgresConnection) async throws -> Applied {
        let object = event.object
        switch event.head.type {
        case "payment_intent.succeeded":
            return try await paymentSucceeded(intentID: object.id, object: object, amount: object.amountReceived ?? object.amount,
                                              context: context, on: connection)
        case "payment_intent.payment_failed":
            return try await paymentFailed(object, context: context, on: connection)
        case "charge.refunded":
            return try await chargeRefunded(object, context: context, on: connection)
        case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted":
            return try await subscriptionChanged(object, deleted: event.head.type == "customer.subscription.deleted",
                                                 context: context, on: connection)
        case "invoice.paid", "invoice.payment_failed":
            return try await invoiceSettled(object, paid: event.head.type == "invoice.paid", context: context, on: connection)
        case "checkout.session.completed":
            return try await checkoutCompleted(object, context: context, on: connection)
        default:
            return Applied(status: .unhandled, note: "no handler for \(event.head.type) in this build")
        }
    }

    // MARK: Purchases

    private func paymentSucceeded(intentID: String?, object: StripeObject, amount: Int64?, context: HandlerContext,
                                  on connection: PostgresConnection) async throws -> Applied {
        guard let purchase = try await TransactionStore.forEvent(transactionID: object.metadata["relais_transaction_id"],
                                                                 intentID: intentID, on: connection) else {
            return .unmatched("no transaction for this payment")
        }
        let transaction = purchase.transaction
        guard amount == transaction.amount, object.currency.map({ $0 == transaction.currency }) ?? true else {
            return .unmatched("the amount or currency paid differs from the transaction's")
        }
        switch transaction.status {
        case .completed: return .processed("already completed")
        case .refunded: return .processed("already refunded; a late success does not grant the course again")
        case .pending, .failed:
            try await TransactionStore.complete(transaction, intentID: intentID, on: connection)
            let commands = try followUps.purchaseCompleted(purchase, context: context)
            try await Outbox.enqueue(commands + [followUps.revenueChanged(context: context)], on: connection)
            return .processed
        }
    }

    private func paymentFailed(_ object: StripeObject, context: HandlerContext, on connection: PostgresConnection) async throws -> Applied {
        guard let purchase = try await TransactionStore.forEvent(transactionID: object.metadata["relais_transaction_id"],
                                                                 intentID: object.id, on: connection) else {
            return .unmatched("no transaction for this payment")
        }
        let transaction = purchase.transaction
        switch transaction.status {
        case .failed: return .processed("already failed")
        case .refunded: return .processed("already refunded")
        case .pending, .completed:
            // A completed purchase reaches here only when this failure is newer than the success
            // (the ordering guard dropped older ones): the provider's latest word wins.
            let reason = object.lastPaymentErrorCode ?? "payment_failed"
            try await TransactionStore.fail(transaction, reason: reason, on: connection)
            var commands = try followUps.purchaseFailed(purchase, context: context)
            if transaction.status == .completed { commands.append(try followUps.revenueChanged(context: context)) }
            try await Outbox.enqueue(commands, on: connection)
            return .processed
        }
    }

    private func chargeRefunded(_ object: StripeObject, context: HandlerContext, on connection: PostgresConnection) async throws -> Applied {
        guard let purchase = try await TransactionStore.forEvent(transactionID: object.metadata["relais_transaction_id"],
                                                                 intentID: object.paymentIntent, on: connection) else {
            return .unmatched("no transaction for this charge")
        }
        let transaction = purchase.transaction
        let fullyRefunded = object.refunded == true || (object.amountRefunded ?? 0) >= transaction.amount
        guard fullyRefunded else { return .processed("partial refund: the purchase stays completed") }
        guard transaction.status == .completed else { return .processed("transaction is \(transaction.status.rawValue)") }
        try await TransactionStore.refund(transaction, on: connection)
        let commands = try followUps.purchaseRefunded(purchase, context: context)
        try await Outbox.enqueue(commands + [followUps.revenueChanged(context: context)], on: connection)
        return .processed
    }

    private func checkoutCompleted(_ object: StripeObject, context: HandlerContext, on connection: PostgresConnection) async throws -> Applied {
        if object.metadata["relais_transaction_id"] != nil {
            guard object.paymentStatus == "paid" else { return .processed("checkout awaits an asynchronous payment") }
            return try await paymentSucceeded(intentID: object.paymentIntent, object: object, amount: object.amountTotal,
                                              context: context, on: connection)
        }
        if object.metadata["relais_subscription_id"] != nil {
            return try await subscriptionChanged(object, deleted: false, status: .active, providerID: object.subscription,
                                                 context: context, on: connection)
        }
        return .unmatched("the checkout session carries no Relais transaction or subscription")
    }

    // MARK: Subscriptions

    private func subscriptionChanged(_ object: StripeObject, deleted: Bool, status: SubscriptionStatus? = nil, providerID: String? = nil,
                                     context: HandlerContext, on connection: PostgresConnection) async throws -> Applied {
        let providerID = providerID ?? object.id
        guard let subscription = try await SubscriptionStore.forEvent(subscriptionID: object.metadata["relais_subscription_id"],
                                                                      providerID: providerID, on: connection) else {
            return .unmatched("no subscription for this object")
        }
        guard let target = deleted ? .cancelled : status ?? object.status.flatMap(SubscriptionStatus.init(stripeStatus:)) else {
            return .processed("unknown subscription status; nothing changed")
        }
        let renewal = object.currentPeriodEnd.map { Date(timeIntervalSince1970: TimeInterval($0)) }
        try await SubscriptionStore.update(subscription, status: target, renewalDate: renewal, providerID: providerID, on: connection)
        if target != subscription.status {
            try await Outbox.enqueue([followUps.subscriptionChanged(subscription, to: target, context: context)], on: connection)
        }
        return .processed
    }

    private func invoiceSettled(_ object: StripeObject, paid: Bool, context: HandlerContext, on connection: PostgresConnection) async throws -> Applied {
        guard let subscription = try await SubscriptionStore.forEvent(subscriptionID: object.metadata["relais_subscription_id"],
                                                                      providerID: object.subscription, on: connection) else {
            return .unmatched("no subscription for this invoice")
        }
        let renewal = paid ? object.linePeriodEnd.map { Date(timeIntervalSince1970: TimeInterval($0)) } : nil
        try await SubscriptionStore.update(subscription, status: paid ? .active : .pastDue, renewalDate: renewal,
                                           providerID: object.subscription, on: connection)
        var commands = try await followUps.invoiceSettled(subscription, paid: paid, amount: object.amountPaid ?? subscription.amountPerMonth,
                                                          invoiceID: object.id, context: context, on: connection)
        // Plan revenue is read from processed invoice.paid events (migration 0013), this one included.
        if paid { commands.append(try followUps.revenueChanged(context: context)) }
        try await Outbox.enqueue(commands, on: connection)
        return .processed
    }
}
