import Foundation
import PostgresClient

/// The synthetic rows under the statistics views, written with set-based SQL and removed
/// afterwards: `learners` bench users × 100 bench courses, each pair one enrolment (a third
/// completed, a tenth reviewed) and one card purchase spread over the last year (one in twenty
/// refunded), plus a subscription per learner with five paid invoices. At the default 10,000
/// learners: 1M enrolments, 100k reviews, 1M transactions, 10k subscriptions, 50k invoice events.
/// Ids derive from row numbers; the `bench-stats` markers keep the rows apart from others.
enum StatsBenchData {
    static let courses = 100
    static let category = "bench-stats"
    static let invoicesPerLearner = 5

    static func seed(_ postgres: PostgresClient, learners: Int) async throws {
        try await removeAll(postgres)
        try await postgres.execute("""
            INSERT INTO identity.users (id, email, first_name, last_name)
            SELECT \(fragment: userID("u")), 'bench-stats-' || u || '@example.test', 'Bench', 'N' || u
            FROM generate_series(0, \(learners - 1)) AS u
            """)
        try await postgres.execute("""
            INSERT INTO academy.courses (id, title, status, category, price_amount, currency)
            SELECT \(fragment: courseID("c")), 'Bench stats course #' || c, 'published', \(category), 1000 + (c % 5) * 1000, 'EUR'
            FROM generate_series(0, \(courses - 1)) AS c
            """)
        try await postgres.execute("""
            INSERT INTO academy.enrollments (id, user_id, course_id, status, progress_percentage, enrolled_at, completed_at)
            SELECT gen_random_uuid(), \(fragment: userID("u")), \(fragment: courseID("c")),
                   CASE WHEN (u + c) % 3 = 0 THEN 'completed' ELSE 'active' END, CASE WHEN (u + c) % 3 = 0 THEN 100 ELSE 40 END,
                   now() - (((u * 7 + c) % 365) || ' days')::interval,
                   CASE WHEN (u + c) % 3 = 0 THEN now() - (((u * 7 + c) % 300) || ' days')::interval END
            FROM generate_series(0, \(learners - 1)) AS u, generate_series(0, \(courses - 1)) AS c
            """)
        try await postgres.execute("""
            INSERT INTO academy.reviews (user_id, course_id, rating)
            SELECT \(fragment: userID("u")), \(fragment: courseID("c")), 1 + (u + c) % 5
            FROM generate_series(0, \(learners - 1)) AS u, generate_series(0, \(courses - 1)) AS c
            WHERE (u * 31 + c) % 10 = 0
            """)
        try await postgres.execute("""
            INSERT INTO billing.transactions (id, user_id, course_id, amount, currency, status, payment_method, created_at, completed_at, refunded_at)
            SELECT gen_random_uuid(), \(fragment: userID("u")), \(fragment: courseID("c")), 1000 + (c % 5) * 1000, 'EUR',
                   CASE WHEN (u * 13 + c) % 20 = 0 THEN 'refunded' ELSE 'completed' END, 'card', paid, paid,
                   CASE WHEN (u * 13 + c) % 20 = 0 THEN paid + interval '2 days' END
            FROM generate_series(0, \(learners - 1)) AS u, generate_series(0, \(courses - 1)) AS c,
                 LATERAL (SELECT now() - (((u * 17 + c * 3) % 365) || ' days')::interval - ((u % 24) || ' hours')::interval AS paid) p
            """)
        try await postgres.execute("""
            INSERT INTO billing.subscriptions (id, user_id, plan, status, amount_per_month, currency, stripe_subscription_id)
            SELECT gen_random_uuid(), \(fragment: userID("u")), (ARRAY['basic', 'pro', 'enterprise'])[1 + u % 3], 'active',
                   (ARRAY[990, 2990, 9990])[1 + u % 3], 'EUR', 'sub_bench_stats_' || u
            FROM generate_series(0, \(learners - 1)) AS u
            """)
        try await postgres.execute("""
            INSERT INTO billing.webhook_events (id, type, object_id, created, status, processed_at, payload)
            SELECT 'evt_bench_stats_' || u || '_' || m, 'invoice.paid', 'in_bench_stats_' || u || '_' || m,
                   now() - ((m * 30 + u % 30) || ' days')::interval, 'processed', now(),
                   jsonb_build_object('type', 'invoice.paid', 'data', jsonb_build_object('object', jsonb_build_object(
                       'id', 'in_bench_stats_' || u || '_' || m, 'object', 'invoice', 'currency', 'eur',
                       'amount_paid', (ARRAY[990, 2990, 9990])[1 + u % 3], 'subscription', 'sub_bench_stats_' || u)))
            FROM generate_series(0, \(learners - 1)) AS u, generate_series(0, \(invoicesPerLearner - 1)) AS m
            """)
        let tables: [StaticString] = ["identity.users", "academy.courses", "academy.enrollments", "academy.reviews",
                                      "billing.transactions", "billing.subscriptions", "billing.webhook_events"]
        for table in tables {
            try await postgres.execute("ANALYZE \(unescaped: table)")
        }
    }

    /// A small change under both views, like a few minutes of activity: 100 completions and
    /// 100 purchases (today).
    static func touch(_ postgres: PostgresClient, round: Int) async throws {
        try await postgres.execute("""
            UPDATE academy.enrollments SET completed_at = now(), status = 'completed'
            WHERE id IN (SELECT e.id FROM academy.enrollments e JOIN academy.courses c ON c.id = e.course_id
                         WHERE c.category = \(category) AND e.completed_at IS NULL LIMIT 100)
            """)
        try await postgres.execute("""
            INSERT INTO billing.transactions (id, user_id, course_id, amount, currency, status, payment_method, completed_at)
            SELECT gen_random_uuid(), \(fragment: userID("u")), \(fragment: courseID("u % 100")), 1000, 'EUR', 'completed', 'card', now()
            FROM generate_series(\(round * 100), \(round * 100 + 99)) AS u
            """)
    }

    static func rowCounts(_ postgres: PostgresClient) async throws -> [String: Int] {
        let row = try await postgres.query("""
            SELECT (SELECT count(*) FROM academy.enrollments e JOIN academy.courses c ON c.id = e.course_id WHERE c.category = \(category)) AS enrollments,
                   (SELECT count(*) FROM academy.reviews r JOIN academy.courses c ON c.id = r.course_id WHERE c.category = \(category)) AS reviews,
                   (SELECT count(*) FROM billing.transactions t JOIN academy.courses c ON c.id = t.course_id WHERE c.category = \(category)) AS transactions,
                   (SELECT count(*) FROM billing.webhook_events WHERE id LIKE 'evt_bench_stats_%') AS invoices
            """).first
        var counts: [String: Int] = [:]
        for column in ["enrollments", "reviews", "transactions", "invoices"] { counts[column] = try row?.decode(Int.self, column: column) ?? 0 }
        return counts
    }

    static func removeAll(_ postgres: PostgresClient) async throws {
        try await postgres.execute("DELETE FROM billing.webhook_events WHERE id LIKE 'evt_bench_stats_%'")
        // Users take their enrolments, reviews, purchases and subscriptions with them.
        try await postgres.execute("DELETE FROM identity.users WHERE email LIKE 'bench-stats-%@example.test'")
        try await postgres.execute("""
            DELETE FROM billing.transactions WHERE course_id IN (SELECT id FROM academy.courses WHERE category = \(category))
            """)
        try await postgres.execute("DELETE FROM academy.courses WHERE category = \(category)")
    }

    private static func courseID(_ column: StaticString) -> PostgresQuery {
        "('b4000000-0000-4000-8000-' || lpad(to_hex(\(unescaped: column)), 12, '0'))::uuid"
    }

    private static func userID(_ column: StaticString) -> PostgresQuery {
        "('b3000000-0000-4000-8000-' || lpad(to_hex(\(unescaped: column)), 12, '0'))::uuid"
    }
}
