import Foundation
import Ingress
import Pipeline

/// `POST /v1/billing/purchase`: checks the course, then either completes a free course at once
/// or records a pending transaction and asks the provider for a payment intent. The provider
/// call carries the transaction id as idempotency key, so a retried or resumed purchase gets the
/// same intent instead of a second charge.
struct PurchaseFlow: Sendable {
    let transactions: TransactionStore
    let provider: any PaymentProvider

    func start(userID: UUID, courseID: UUID, method: PaymentMethod) async throws -> SuccessEnvelope<TransactionReply> {
        guard let offer = try await transactions.offer(courseID: courseID), offer.published else {
            throw APIError.validation([.init(field: "course_id", issue: "does not name a published course")])
        }
        if try await transactions.owns(userID: userID, courseID: courseID) {
            throw APIError(status: .conflict, code: "already_owned", message: "you already own this course")
        }
        if offer.price == 0 {
            let transaction = try await transactions.completeFree(id: UUIDv7.make(), userID: userID, offer: offer)
            return SuccessEnvelope(TransactionReply(transaction: transaction, paymentIntent: nil), status: .created)
        }
        guard let (pending, created) = try await transactions.startPurchase(id: UUIDv7.make(), userID: userID, offer: offer, method: method) else {
            throw APIError.conflict("the purchase changed while it was being started, try again")
        }
        let intent: PaymentIntent
        do {
            intent = try await provider.createPaymentIntent(PaymentIntentRequest(
                amount: pending.amount, currency: pending.currency,
                metadata: ["relais_transaction_id": pending.id.uuidString.lowercased(), "relais_user_id": userID.uuidString.lowercased(),
                           "relais_course_id": courseID.uuidString.lowercased()],
                idempotencyKey: "purchase-\(pending.id.uuidString.lowercased())", paymentMethod: pending.paymentMethod))
        } catch {
            if created { try await transactions.discard(id: pending.id) }
            throw ProviderFailure.apiError(error)
        }
        let transaction = try await transactions.attach(intentID: intent.id, to: pending.id) ?? pending
        return SuccessEnvelope(TransactionReply(transaction: transaction, paymentIntent: intent), status: created ? .created : .ok)
    }
}
