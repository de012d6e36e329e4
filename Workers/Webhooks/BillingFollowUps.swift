import Billing
import Email
import Foundation
import Notifications
import Pipeline
import Platform
import PostgresClient
import Stats

/// The emails and notifications a billing change sends. Each method returns them as outbox
/// entries, which the caller queues in one statement in the event's transaction: they exist
/// exactly when the change committed, once per change.
struct BillingFollowUps: Sendable {
    let appBaseURL: String

    func purchaseCompleted(_ purchase: TransactionStore.EventPurchase, context: HandlerContext) throws -> [Outbox.Entry] {
        let transaction = purchase.transaction
        return try purchaseOutcome(purchase, email: .paymentReceipt, notification: "billing.purchase_completed",
                                   title: (french: "Paiement confirmé", english: "Payment confirmed"), context: context) { amount in
            ["amount": amount, "receipt_number": Self.receiptNumber(transaction.id), "paid_at": RFC3339.minuteText(Date())]
        }
    }

    func purchaseFailed(_ purchase: TransactionStore.EventPurchase, context: HandlerContext) throws -> [Outbox.Entry] {
        let courseID = purchase.transaction.courseID
        return try purchaseOutcome(purchase, email: .paymentFailed, notification: "billing.purchase_failed",
                                   title: (french: "Paiement refusé", english: "Payment declined"), context: context) { amount in
            ["amount": amount, "update_payment_url": "\(appBaseURL)/academy/courses/\(courseID.uuidString.lowercased())/checkout"]
        }
    }

    /// A purchase's email and notification, in the buyer's language; none when the buyer is gone
    /// (erased). `variables` gives the template's own variables besides the first name and the course.
    private func purchaseOutcome(_ purchase: TransactionStore.EventPurchase, email template: EmailTemplateID, notification type: String,
                                 title: (french: String, english: String), context: HandlerContext,
                                 variables: (_ amount: String) -> [String: String]) throws -> [Outbox.Entry] {
        guard let buyer = purchase.buyer else { return [] }
        let transaction = purchase.transaction
        let course = buyer.courseTitle ?? "course"
        let locale = EmailLocale(languageTag: buyer.language) ?? .default
        let amount = MoneyText.format(transaction.amount, currency: transaction.currency, french: locale == .fr)
        let common = ["first_name": buyer.firstName, "description": course]
        let email = try send(SendEmail(template: template, locale: locale, to: buyer.email, toName: buyer.firstName,
                                       variables: common.merging(variables(amount)) { _, specific in specific }), context: context)
        let notification = try notify(transaction.userID, type: type, title: locale == .fr ? title.french : title.english, body: course,
                                      data: ids(transaction), context: context)
        return [email, notification]
    }

    func purchaseRefunded(_ purchase: TransactionStore.EventPurchase, context: HandlerContext) throws -> [Outbox.Entry] {
        let french = purchase.buyer.map { (EmailLocale(languageTag: $0.language) ?? .default) == .fr } ?? false
        return [try notify(purchase.transaction.userID, type: "billing.purchase_refunded", title: french ? "Remboursement effectué" : "Refund completed",
                           body: purchase.buyer?.courseTitle ?? "course", data: ids(purchase.transaction), context: context)]
    }

    func subscriptionChanged(_ subscription: Subscription, to status: SubscriptionStatus, context: HandlerContext) throws -> Outbox.Entry {
        try notify(subscription.userID, type: "billing.subscription_\(status.rawValue)", title: "Subscription \(status.rawValue)",
                   body: subscription.plan.rawValue,
                   data: ["subscription_id": subscription.id.uuidString.lowercased(), "plan": subscription.plan.rawValue],
                   context: context)
    }

    func invoiceSettled(_ subscription: Subscription, paid: Bool, amount: Int64, invoiceID: String, context: HandlerContext,
                        on connection: PostgresConnection) async throws -> [Outbox.Entry] {
        guard let contact = try await CustomerStore.contact(userID: subscription.userID, on: connection) else { return [] }
        let locale = EmailLocale(languageTag: contact.language) ?? .default
        let money = MoneyText.format(amount, currency: subscription.currency, french: locale == .fr)
        let description = locale == .fr ? "Abonnement \(subscription.plan.rawValue)" : "\(subscription.plan.rawValue.capitalized) subscription"
        let email = paid
            ? SendEmail(template: .paymentReceipt, locale: locale, to: contact.email, toName: contact.firstName, variables: [
                "first_name": contact.firstName, "amount": money, "description": description,
                "receipt_number": invoiceID, "paid_at": RFC3339.minuteText(Date()),
            ])
            : SendEmail(template: .paymentFailed, locale: locale, to: contact.email, toName: contact.firstName, variables: [
                "first_name": contact.firstName, "amount": money, "description": description,
                "update_payment_url": "\(appBaseURL)/billing/subscription",
            ])
        return [try send(email, context: context)]
    }

    /// Revenue changed (a purchase paid, or failed or refunded after being paid; an invoice paid):
    /// the stats worker refreshes the revenue view. A burst of events costs one or two refreshes.
    func revenueChanged(context: HandlerContext) throws -> Outbox.Entry {
        try Outbox.Entry(RefreshStats.billingRevenue, actor: "system:webhooks", traceparent: context.traceparent)
    }

    /// `R-` and the transaction id's first 12 hex digits: unique enough for support, not a secret.
    static func receiptNumber(_ id: UUID) -> String {
        "R-" + id.uuidString.replacingOccurrences(of: "-", with: "").prefix(12)
    }

    private func ids(_ transaction: PaymentTransaction) -> [String: String] {
        ["transaction_id": transaction.id.uuidString.lowercased(), "course_id": transaction.courseID.uuidString.lowercased()]
    }

    private func send(_ email: SendEmail, context: HandlerContext) throws -> Outbox.Entry {
        try Outbox.Entry(email, actor: "system:webhooks", traceparent: context.traceparent)
    }

    private func notify(_ userID: UUID, type: String, title: String, body: String, data: [String: String],
                        context: HandlerContext) throws -> Outbox.Entry {
        try Outbox.Entry(DispatchNotification(userID: userID, type: type, title: title, body: body, data: data),
                         actor: "system:webhooks", traceparent: context.traceparent)
    }
}
