import Foundation
import PostgresClient

/// A user's monthly plan (the seed's `subscriptions`).
public struct Subscription: Sendable, Codable, Equatable {
    public var id: UUID
    public var userID: UUID
    public var plan: Plan
    public var status: SubscriptionStatus
    public var amountPerMonth: Int64
    public var currency: String
    public var stripeSubscriptionID: String?
    public var renewalDate: Date?
    public var cancelledDate: Date?
    public var createdAt: Date

    static let columns: PostgresQuery = """
        id, user_id, plan, status, amount_per_month, currency, stripe_subscription_id, renewal_date, cancelled_date, created_at
        """

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        userID = try row.decode(UUID.self, column: "user_id")
        plan = Plan(rawValue: try row.decode(String.self, column: "plan")) ?? .basic
        status = SubscriptionStatus(rawValue: try row.decode(String.self, column: "status")) ?? .pending
        amountPerMonth = try row.decode(Int64.self, column: "amount_per_month")
        currency = try row.decode(String.self, column: "currency")
        stripeSubscriptionID = try row.decode(String?.self, column: "stripe_subscription_id")
        renewalDate = try row.decode(Date?.self, column: "renewal_date")
        cancelledDate = try row.decode(Date?.self, column: "cancelled_date")
        createdAt = try row.decode(Date.self, column: "created_at")
    }
}
