import Foundation
import PostgresClient
import Synchronization
import TestSupport

/// Rows a test writes directly under the views (users, courses, enrolments, reviews, payments,
/// subscriptions, invoice events), each with a fresh id, remembered so `removeAll()` deletes
/// them. Times are given in whole UTC days before today (noon of that day), read from
/// PostgreSQL's clock as the views do.
final class StatsSeeds: Sendable {
    let postgres: PostgresClient
    private let users = Mutex<[UUID]>([])
    private let courses = Mutex<[UUID]>([])
    private let events = Mutex<[String]>([])

    init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    func track(user id: UUID) { users.withLock { $0.append(id) } }

    /// Noon (UTC) of the day `daysAgo` days before today.
    static func noon(_ daysAgo: Int) -> PostgresQuery {
        "(((now() AT TIME ZONE 'UTC')::date - \(daysAgo)::integer + time '12:00') AT TIME ZONE 'UTC')"
    }

    /// The UTC date `daysAgo` days before today, `YYYY-MM-DD`.
    func day(_ daysAgo: Int) async throws -> String {
        try await postgres.query("SELECT to_char((now() AT TIME ZONE 'UTC')::date - \(daysAgo)::integer, 'YYYY-MM-DD') AS d").first?
            .decode(String.self, column: "d") ?? ""
    }

    func user() async throws -> UUID {
        let id = UUID()
        try await postgres.execute("""
            INSERT INTO identity.users (id, email, first_name, last_name)
            VALUES (\(id), \("stats-seed-\(id.uuidString.lowercased())@example.test"), 'Seed', 'User')
            """)
        track(user: id)
        return id
    }

    func course(instructor: UUID? = nil, title: String = "Statistiques \(UUID().uuidString.prefix(6))") async throws -> UUID {
        let id = UUID()
        try await postgres.execute("""
            INSERT INTO academy.courses (id, title, instructor_id, status, price_amount) VALUES (\(id), \(title), \(instructor), 'published', 1000)
            """)
        courses.withLock { $0.append(id) }
        return id
    }

    func enroll(_ user: UUID, in course: UUID, completed: Bool = false) async throws {
        try await postgres.execute("""
            INSERT INTO academy.enrollments (id, user_id, course_id, status, progress_percentage, completed_at)
            VALUES (\(UUID()), \(user), \(course), \(completed ? "completed" : "active"), \(completed ? 100.0 : 20.0),
                    CASE WHEN \(completed) THEN now() END)
            """)
    }

    func review(_ user: UUID, of course: UUID, rating: Int) async throws {
        try await postgres.execute("INSERT INTO academy.reviews (user_id, course_id, rating) VALUES (\(user), \(course), \(rating))")
    }

    /// A purchase: `completedDaysAgo` nil leaves it pending/failed; `refundedDaysAgo` refunds it.
    @discardableResult
    func transaction(_ user: UUID, course: UUID, amount: Int64, currency: String, status: String = "completed", method: String = "card",
                     completedDaysAgo: Int?, refundedDaysAgo: Int? = nil) async throws -> UUID {
        let id = UUID()
        let completed: PostgresQuery = completedDaysAgo.map { Self.noon($0) } ?? "NULL"
        let refunded: PostgresQuery = refundedDaysAgo.map { Self.noon($0) } ?? "NULL"
        try await postgres.execute("""
            INSERT INTO billing.transactions (id, user_id, course_id, amount, currency, status, payment_method, completed_at, refunded_at)
            VALUES (\(id), \(user), \(course), \(amount), \(currency), \(status), \(method), \(fragment: completed), \(fragment: refunded))
            """)
        return id
    }

    /// A subscription known to the provider as `providerID`.
    @discardableResult
    func subscription(_ user: UUID, plan: String, amount: Int64, currency: String, providerID: String) async throws -> UUID {
        let id = UUID()
        try await postgres.execute("""
            INSERT INTO billing.subscriptions (id, user_id, plan, status, amount_per_month, currency, stripe_subscription_id)
            VALUES (\(id), \(user), \(plan), 'active', \(amount), \(currency), \(providerID))
            """)
        return id
    }

    /// An `invoice.paid` event as the webhook worker records it once applied (`status`
    /// 'processed'), for the invoice `invoiceID` of the subscription `subscription` (a provider
    /// id, or Relais's id through the metadata when `byMetadata`).
    func invoicePaid(invoiceID: String, subscription: String, byMetadata: Bool = false, amount: Int64?, currency: String,
                     daysAgo: Int, status: String = "processed") async throws {
        let eventID = "evt_stats_\(UUID().uuidString.prefix(12).lowercased())"
        var object: [String: Any] = ["id": invoiceID, "object": "invoice", "currency": currency.lowercased(),
                                     "metadata": byMetadata ? ["relais_subscription_id": subscription] : [:]]
        if !byMetadata { object["subscription"] = subscription }
        if let amount { object["amount_paid"] = amount }
        let payload = try JSONSerialization.data(withJSONObject: ["id": eventID, "type": "invoice.paid", "data": ["object": object]])
        try await postgres.execute("""
            INSERT INTO billing.webhook_events (id, type, object_id, created, status, processed_at, payload)
            VALUES (\(eventID), 'invoice.paid', \(invoiceID), \(fragment: Self.noon(daysAgo)), \(status), now(),
                    \(String(decoding: payload, as: UTF8.self))::jsonb)
            """)
        events.withLock { $0.append(eventID) }
    }

    /// Deletes every seeded row (users take their enrolments, reviews, payments and
    /// subscriptions with them). Best effort: a leftover row only costs space.
    func removeAll() async {
        for id in events.withLock({ $0 }) { _ = try? await postgres.execute("DELETE FROM billing.webhook_events WHERE id = \(id)") }
        for id in users.withLock({ $0 }) { _ = try? await postgres.execute("DELETE FROM identity.users WHERE id = \(id)") }
        for id in courses.withLock({ $0 }) {
            _ = try? await postgres.execute("DELETE FROM billing.transactions WHERE course_id = \(id)")
            _ = try? await postgres.execute("DELETE FROM academy.courses WHERE id = \(id)")
        }
    }

    /// A currency code (`X` and two letters: ISO 4217 keeps X-codes out of circulation) that no
    /// payment, subscription or invoice in the database uses yet, so revenue read in it is this
    /// test's alone.
    func freshCurrency() async throws -> String {
        while true {
            let code = "X" + String((0..<2).map { _ in Character(UnicodeScalar(UInt8.random(in: 65...90))) })
            let used = try await postgres.query("""
                SELECT EXISTS (SELECT 1 FROM billing.transactions WHERE currency = \(code))
                    OR EXISTS (SELECT 1 FROM billing.subscriptions WHERE currency = \(code))
                    OR EXISTS (SELECT 1 FROM billing.webhook_events WHERE upper(payload #>> '{data,object,currency}') = \(code)) AS used
                """).first?.decode(Bool.self, column: "used") ?? true
            if !used { return code }
        }
    }
}
