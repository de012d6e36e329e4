import Foundation
import PostgresClient

/// `billing.subscriptions` and what a user is entitled to. Route methods use the pool; the
/// webhook worker's effects take the connection of its event transaction.
public struct SubscriptionStore: Sendable {
    private let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    /// A new pending subscription; nil when the user already has one pending, active, past due or paused.
    public func createPending(id: UUID, userID: UUID, plan: Plan, amountPerMonth: Int64, currency: String) async throws -> Subscription? {
        try await postgres.query("""
            INSERT INTO billing.subscriptions (id, user_id, plan, status, amount_per_month, currency)
            VALUES (\(id), \(userID), \(plan.rawValue), 'pending', \(amountPerMonth), \(currency))
            ON CONFLICT (user_id) WHERE status IN ('pending', 'active', 'past_due', 'paused') DO NOTHING
            RETURNING \(fragment: Subscription.columns)
            """).first.map(Subscription.init(row:))
    }

    public func attach(providerID: String, to id: UUID) async throws -> Subscription? {
        try await postgres.query("""
            UPDATE billing.subscriptions SET stripe_subscription_id = \(providerID), updated_at = now()
            WHERE id = \(id) RETURNING \(fragment: Subscription.columns)
            """).first.map(Subscription.init(row:))
    }

    /// Removes a pending subscription the provider never accepted.
    public func discard(id: UUID) async throws {
        try await postgres.execute("DELETE FROM billing.subscriptions WHERE id = \(id) AND status = 'pending' AND stripe_subscription_id IS NULL")
    }

    public func active(userID: UUID) async throws -> Subscription? {
        try await postgres.query("""
            SELECT \(fragment: Subscription.columns) FROM billing.subscriptions WHERE user_id = \(userID) AND status = 'active'
            ORDER BY created_at DESC LIMIT 1
            """).first.map(Subscription.init(row:))
    }

    /// The email address the provider bills; nil when the user does not exist.
    public func customerEmail(userID: UUID) async throws -> String? {
        try await postgres.query("SELECT email FROM identity.users WHERE id = \(userID)").first?.decode(String.self, column: "email")
    }

    /// Courses bought plus, while a subscription is active, every published subscription course;
    /// nil when the user does not exist. One round trip: lesson access checks call this often.
    public func entitlements(userID: UUID) async throws -> Entitlements? {
        let rows = try await postgres.query("""
            SELECT s.*, ARRAY(
                       SELECT course_id FROM billing.entitlements WHERE user_id = u.id
                       UNION
                       SELECT c.id FROM academy.courses c
                       WHERE s.id IS NOT NULL AND c.pricing_model = 'subscription' AND c.status = 'published'
                       ORDER BY 1
                   ) AS entitled_courses
            FROM identity.users u
            LEFT JOIN LATERAL (
                SELECT \(fragment: Subscription.columns) FROM billing.subscriptions
                WHERE user_id = u.id AND status = 'active' ORDER BY created_at DESC LIMIT 1
            ) s ON true
            WHERE u.id = \(userID)
            """)
        guard let row = rows.first else { return nil }
        let subscription = try row.decode(UUID?.self, column: "id") == nil ? nil : try Subscription(row: row)
        return Entitlements(userID: userID, courses: try row.decode([UUID].self, column: "entitled_courses"), subscription: subscription)
    }

    // MARK: Webhook effects (inside the event's transaction)

    /// The subscription an event is about: by Relais's id in the metadata, else by the provider id. Locked.
    public static func forEvent(subscriptionID: String?, providerID: String?, on connection: some PostgresQueryable) async throws -> Subscription? {
        if let text = subscriptionID, let id = UUID(uuidString: text) {
            if let found = try await connection.query("""
                SELECT \(fragment: Subscription.columns) FROM billing.subscriptions WHERE id = \(id) FOR UPDATE
                """).first {
                return try Subscription(row: found)
            }
        }
        guard let providerID else { return nil }
        return try await connection.query("""
            SELECT \(fragment: Subscription.columns) FROM billing.subscriptions WHERE stripe_subscription_id = \(providerID) FOR UPDATE
            """).first.map(Subscription.init(row:))
    }

    /// Sets the status (and renewal date when the provider sent one); `cancelled` stamps the date.
    public static func update(_ subscription: Subscription, status: SubscriptionStatus, renewalDate: Date?, providerID: String?,
                              on connection: some PostgresQueryable) async throws {
        try await connection.execute("""
            UPDATE billing.subscriptions
            SET status = \(status.rawValue), renewal_date = COALESCE(\(renewalDate), renewal_date),
                cancelled_date = CASE WHEN \(status.rawValue) = 'cancelled' THEN COALESCE(cancelled_date, now()) ELSE cancelled_date END,
                stripe_subscription_id = COALESCE(stripe_subscription_id, \(providerID)), updated_at = now()
            WHERE id = \(subscription.id)
            """)
    }
}
