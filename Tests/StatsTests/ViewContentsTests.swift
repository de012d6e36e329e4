import Foundation
import PostgresClient
import Stats
import Testing
import TestSupport

extension StatsViewSuites {
    /// After a refresh, each view holds what a direct aggregate over its base tables gives, for
    /// the rows this test seeded (other suites write the same tables at the same time).
    @Suite("View contents")
    struct ViewContentsTests {
        @Test("academy.course_stats equals a direct aggregate of enrolments and reviews: counts, completion rate, average rating")
        func courseStats() async throws {
            try await StatsHarness.run { harness, _ in
                let seeds = harness.seeds
                let busy = try await seeds.course()
                let finished = try await seeds.course()
                let empty = try await seeds.course()
                for (index, rating) in [4, 3, 4, nil].enumerated() {
                    let learner = try await seeds.user()
                    try await seeds.enroll(learner, in: busy, completed: index < 2)
                    if let rating { try await seeds.review(learner, of: busy, rating: rating) }
                }
                try await seeds.enroll(try await seeds.user(), in: finished, completed: true)
                try await harness.refresh(.academyCourseStats)

                let ids = [busy, finished, empty]
                let view = try await harness.postgres.query("""
                    SELECT course_id, enrollments, completions, completion_rate, average_rating, reviews_count
                    FROM academy.course_stats WHERE course_id = ANY(\(ids))
                    """).reduce(into: [UUID: Row]()) { $0[try $1.decode(UUID.self, column: "course_id")] = try Row($1) }
                let direct = try await harness.postgres.query("""
                    SELECT c.id AS course_id,
                           (SELECT count(*) FROM academy.enrollments e WHERE e.course_id = c.id) AS enrollments,
                           (SELECT count(*) FROM academy.enrollments e WHERE e.course_id = c.id AND e.completed_at IS NOT NULL) AS completions,
                           coalesce((SELECT count(*) FILTER (WHERE e.completed_at IS NOT NULL)::float8 / nullif(count(*), 0)
                                     FROM academy.enrollments e WHERE e.course_id = c.id), 0) AS completion_rate,
                           (SELECT avg(rating)::float8 FROM academy.reviews r WHERE r.course_id = c.id) AS average_rating,
                           (SELECT count(*) FROM academy.reviews r WHERE r.course_id = c.id) AS reviews_count
                    FROM academy.courses c WHERE c.id = ANY(\(ids))
                    """).reduce(into: [UUID: Row]()) { $0[try $1.decode(UUID.self, column: "course_id")] = try Row($1) }

                #expect(Set(view.keys) == Set(ids))
                for id in ids {
                    let (stored, aggregated) = (try #require(view[id]), try #require(direct[id]))
                    #expect(stored.enrollments == aggregated.enrollments)
                    #expect(stored.completions == aggregated.completions)
                    #expect(abs(stored.completionRate - aggregated.completionRate) < 0.0001)
                    #expect(stored.reviews == aggregated.reviews)
                    #expect(stored.averageRating.map { ($0 * 100).rounded() } == aggregated.averageRating.map { ($0 * 100).rounded() })
                }
                #expect(view[busy] == Row(enrollments: 4, completions: 2, completionRate: 0.5, averageRating: 3.67, reviews: 3))
                #expect(view[finished] == Row(enrollments: 1, completions: 1, completionRate: 1, averageRating: nil, reviews: 0))
                #expect(view[empty] == Row(enrollments: 0, completions: 0, completionRate: 0, averageRating: nil, reviews: 0))
            }
        }

        @Test("billing.revenue_daily: purchases on their day, refunds on theirs, free/pending/failed left out, one payment per paid invoice, per plan")
        func revenueDaily() async throws {
            try await StatsHarness.run { harness, _ in
                let seeds = harness.seeds
                let currency = try await seeds.freshCurrency()
                let buyer = try await seeds.user()
                let course = try await seeds.course()
                try await seeds.transaction(buyer, course: course, amount: 1_000, currency: currency, completedDaysAgo: 1)
                try await seeds.transaction(try await seeds.user(), course: course, amount: 2_500, currency: currency, completedDaysAgo: 1)
                try await seeds.transaction(try await seeds.user(), course: course, amount: 700, currency: currency, status: "refunded",
                                            completedDaysAgo: 5, refundedDaysAgo: 2)
                try await seeds.transaction(try await seeds.user(), course: course, amount: 0, currency: currency, method: "free", completedDaysAgo: 1)
                try await seeds.transaction(try await seeds.user(), course: course, amount: 900, currency: currency, status: "pending", completedDaysAgo: nil)
                try await seeds.transaction(try await seeds.user(), course: course, amount: 900, currency: currency, status: "failed", completedDaysAgo: nil)

                let subscriber = try await seeds.user()
                let provider = "sub_stats_\(UUID().uuidString.prefix(8))"
                try await seeds.subscription(subscriber, plan: "pro", amount: 2_990, currency: currency, providerID: provider)
                let relaisID = try await seeds.subscription(try await seeds.user(), plan: "basic", amount: 990, currency: currency,
                                                            providerID: "sub_stats_\(UUID().uuidString.prefix(8))")
                let invoice = "in_stats_\(UUID().uuidString.prefix(8))"
                try await seeds.invoicePaid(invoiceID: invoice, subscription: provider, amount: 2_990, currency: currency, daysAgo: 1)
                // The same invoice announced twice (two event ids) is one payment.
                try await seeds.invoicePaid(invoiceID: invoice, subscription: provider, amount: 2_990, currency: currency, daysAgo: 1)
                // Matched through Relais's metadata id; no amount in the event: the plan's price.
                try await seeds.invoicePaid(invoiceID: "in_stats_\(UUID().uuidString.prefix(8))", subscription: relaisID.uuidString.lowercased(),
                                            byMetadata: true, amount: nil, currency: currency, daysAgo: 0)
                // Not applied by the worker: not revenue.
                try await seeds.invoicePaid(invoiceID: "in_stats_\(UUID().uuidString.prefix(8))", subscription: provider, amount: 2_990,
                                            currency: currency, daysAgo: 0, status: "failed")
                try await harness.refresh(.billingRevenueDaily)

                let columns: PostgresQuery = "to_char(day, 'YYYY-MM-DD') AS day, source, source_key, gross, refunded, net, payments, refunds"
                let view = try await harness.postgres.query("""
                    SELECT \(fragment: columns) FROM (
                        SELECT day, source, source_key, gross_amount AS gross, refunded_amount AS refunded, net_amount AS net,
                               payments_count AS payments, refunds_count AS refunds
                        FROM billing.revenue_daily WHERE currency = \(currency)) v
                    ORDER BY day, source, source_key
                    """).map(RevenueRow.init)
                let direct = try await harness.postgres.query("""
                    SELECT \(fragment: columns) FROM (
                        SELECT day, 'course' AS source, course_id::text AS source_key, sum(gross)::bigint AS gross, sum(refunded)::bigint AS refunded,
                               sum(gross - refunded)::bigint AS net, sum(payments)::bigint AS payments, sum(refunds)::bigint AS refunds
                        FROM (SELECT (completed_at AT TIME ZONE 'UTC')::date AS day, course_id, amount AS gross, 0 AS refunded, 1 AS payments, 0 AS refunds
                              FROM billing.transactions WHERE currency = \(currency) AND status IN ('completed', 'refunded') AND payment_method <> 'free'
                              UNION ALL
                              SELECT (refunded_at AT TIME ZONE 'UTC')::date, course_id, 0, amount, 0, 1
                              FROM billing.transactions WHERE currency = \(currency) AND status = 'refunded') m
                        GROUP BY day, course_id) v
                    WHERE source = 'course'
                    ORDER BY day, source, source_key
                    """).map(RevenueRow.init)
                #expect(view.filter { $0.source == "course" } == direct)

                let key = course.uuidString.lowercased()
                let (today, yesterday, twoDays, fiveDays) = (try await seeds.day(0), try await seeds.day(1), try await seeds.day(2), try await seeds.day(5))
                #expect(view == [
                    RevenueRow(day: fiveDays, source: "course", key: key, gross: 700, refunded: 0, payments: 1, refunds: 0),
                    RevenueRow(day: twoDays, source: "course", key: key, gross: 0, refunded: 700, payments: 0, refunds: 1),
                    RevenueRow(day: yesterday, source: "course", key: key, gross: 3_500, refunded: 0, payments: 2, refunds: 0),
                    RevenueRow(day: yesterday, source: "plan", key: "pro", gross: 2_990, refunded: 0, payments: 1, refunds: 0),
                    RevenueRow(day: today, source: "plan", key: "basic", gross: 990, refunded: 0, payments: 1, refunds: 0),
                ].sorted { ($0.day, $0.source, $0.key) < ($1.day, $1.source, $1.key) })
            }
        }

        struct Row: Equatable {
            var enrollments: Int
            var completions: Int
            var completionRate: Double
            var averageRating: Double?
            var reviews: Int

            init(enrollments: Int, completions: Int, completionRate: Double, averageRating: Double?, reviews: Int) {
                (self.enrollments, self.completions, self.completionRate, self.averageRating, self.reviews) =
                    (enrollments, completions, completionRate, averageRating, reviews)
            }

            init(_ row: PostgresRow) throws {
                enrollments = try row.decode(Int.self, column: "enrollments")
                completions = try row.decode(Int.self, column: "completions")
                completionRate = try row.decode(Double.self, column: "completion_rate")
                averageRating = try row.decode(Double?.self, column: "average_rating")
                reviews = try row.decode(Int.self, column: "reviews_count")
            }
        }

        struct RevenueRow: Equatable {
            var day: String
            var source: String
            var key: String
            var gross: Int64
            var refunded: Int64
            var net: Int64
            var payments: Int
            var refunds: Int

            init(day: String, source: String, key: String, gross: Int64, refunded: Int64, payments: Int, refunds: Int) {
                (self.day, self.source, self.key, self.gross, self.refunded, self.net, self.payments, self.refunds) =
                    (day, source, key, gross, refunded, gross - refunded, payments, refunds)
            }

            init(_ row: PostgresRow) throws {
                day = try row.decode(String.self, column: "day")
                source = try row.decode(String.self, column: "source")
                key = try row.decode(String.self, column: "source_key")
                gross = try row.decode(Int64.self, column: "gross")
                refunded = try row.decode(Int64.self, column: "refunded")
                net = try row.decode(Int64.self, column: "net")
                payments = try row.decode(Int.self, column: "payments")
                refunds = try row.decode(Int.self, column: "refunds")
            }
        }
    }
}
