import Foundation
import PostgresClient

/// One purchase of a course (the seed's `transactions`): amount in minor units of `currency`.
public struct PaymentTransaction: Sendable, Codable, Equatable {
    public var id: UUID
    public var userID: UUID
    public var courseID: UUID
    public var amount: Int64
    public var currency: String
    public var status: TransactionStatus
    public var paymentMethod: PaymentMethod
    public var stripePaymentIntentID: String?
    public var failureReason: String?
    public var refundRequestedAt: Date?
    public var createdAt: Date
    public var completedAt: Date?
    public var refundedAt: Date?

    static let columns: PostgresQuery = """
        id, user_id, course_id, amount, currency, status, payment_method, stripe_payment_intent_id, failure_reason,
        refund_requested_at, created_at, completed_at, refunded_at
        """

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        userID = try row.decode(UUID.self, column: "user_id")
        courseID = try row.decode(UUID.self, column: "course_id")
        amount = try row.decode(Int64.self, column: "amount")
        currency = try row.decode(String.self, column: "currency")
        status = TransactionStatus(rawValue: try row.decode(String.self, column: "status")) ?? .pending
        paymentMethod = PaymentMethod(rawValue: try row.decode(String.self, column: "payment_method")) ?? .card
        stripePaymentIntentID = try row.decode(String?.self, column: "stripe_payment_intent_id")
        failureReason = try row.decode(String?.self, column: "failure_reason")
        refundRequestedAt = try row.decode(Date?.self, column: "refund_requested_at")
        createdAt = try row.decode(Date.self, column: "created_at")
        completedAt = try row.decode(Date?.self, column: "completed_at")
        refundedAt = try row.decode(Date?.self, column: "refunded_at")
    }
}
