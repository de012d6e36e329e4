import Foundation
import Identity
import Ingress

/// `POST /v1/billing/refund/:transaction_id`: the seed's rule (only `completed`, younger than the
/// refund window) plus ownership; the provider is asked first and the request recorded after,
/// with the transaction id as idempotency key so a retry never refunds twice. The transaction
/// becomes `refunded` when `charge.refunded` arrives.
struct RefundFlow: Sendable {
    let transactions: TransactionStore
    let provider: any PaymentProvider
    let windowDays: Int

    func request(transactionID: UUID, by principal: Principal, now: Date = Date()) async throws -> PaymentTransaction {
        guard let transaction = try await transactions.transaction(id: transactionID) else { throw APIError.notFound("transaction") }
        guard transaction.userID == principal.userID || principal.has(.admin) else { throw APIError.forbidden }
        if let reason = Self.refusal(transaction, windowDays: windowDays, now: now) {
            throw APIError(status: .badRequest, code: "refund_not_possible", message: reason)
        }
        if transaction.refundRequestedAt != nil {
            throw APIError(status: .conflict, code: "refund_already_requested", message: "a refund of this transaction is already under way")
        }
        guard let intentID = transaction.stripePaymentIntentID else {
            throw APIError(status: .badRequest, code: "refund_not_possible", message: "this transaction has no payment to refund")
        }
        let refund: ProviderRefund
        do {
            refund = try await provider.refund(RefundRequest(
                paymentIntentID: intentID, amount: transaction.amount,
                metadata: ["relais_transaction_id": transaction.id.uuidString.lowercased()],
                idempotencyKey: "refund-\(transaction.id.uuidString.lowercased())"))
        } catch {
            throw ProviderFailure.apiError(error)
        }
        guard let updated = try await transactions.markRefundRequested(id: transaction.id, refundID: refund.id) else {
            throw APIError(status: .conflict, code: "refund_already_requested", message: "a refund of this transaction is already under way")
        }
        return updated
    }

    /// Why a transaction cannot be refunded, or nil when it can (pure, unit-tested).
    static func refusal(_ transaction: PaymentTransaction, windowDays: Int, now: Date) -> String? {
        guard transaction.status == .completed else {
            return "only completed transactions can be refunded; this one is \(transaction.status.rawValue)"
        }
        guard transaction.paymentMethod != .free, transaction.amount > 0 else { return "a free enrollment has nothing to refund" }
        let completedAt = transaction.completedAt ?? transaction.createdAt
        guard now.timeIntervalSince(completedAt) <= TimeInterval(windowDays) * 86_400 else {
            return "refunds are possible within \(windowDays) days of payment"
        }
        return nil
    }
}
