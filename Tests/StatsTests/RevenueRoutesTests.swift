import Foundation
import HummingbirdTesting
import Stats
import Testing
import TestSupport

extension StatsViewSuites {
    /// `GET /v1/billing/revenue`: admins only, every day of the period, total, growth, breakdowns.
    @Suite("Revenue route")
    struct RevenueRoutesTests {
        typealias H = StatsHarness

        /// One seeded money movement: `daysAgo` before today, on a course or a plan.
        struct Movement {
            var date: String
            var course: UUID?
            var plan: String?
            var gross: Int64 = 0
            var refunded: Int64 = 0
            var payments = 0
            var refunds = 0
        }

        @Test("admin: 7 days of series (zeros on empty days), total, previous period and growth, per course and plan; 1y has null growth")
        func report() async throws {
            try await H.run { harness, client in
                let seeds = harness.seeds
                let admin = try await harness.user(client, roles: [.admin])
                let currency = try await seeds.freshCurrency()
                let first = try await seeds.course(title: "Revenus A")
                let second = try await seeds.course(title: "Revenus B")
                var movements: [Movement] = []
                func paid(_ course: UUID, _ amount: Int64, _ daysAgo: Int, refundedDaysAgo: Int? = nil) async throws {
                    try await seeds.transaction(try await seeds.user(), course: course, amount: amount, currency: currency,
                                                status: refundedDaysAgo == nil ? "completed" : "refunded",
                                                completedDaysAgo: daysAgo, refundedDaysAgo: refundedDaysAgo)
                    movements.append(Movement(date: try await seeds.day(daysAgo), course: course, gross: amount, payments: 1))
                    if let refundedDaysAgo {
                        movements.append(Movement(date: try await seeds.day(refundedDaysAgo), course: course, refunded: amount, refunds: 1))
                    }
                }
                try await paid(first, 1_000, 1)
                try await paid(first, 2_500, 3)
                try await paid(first, 700, 10, refundedDaysAgo: 2)
                try await paid(second, 4_000, 8)
                try await seeds.transaction(try await seeds.user(), course: first, amount: 0, currency: currency, method: "free", completedDaysAgo: 1)
                let provider = "sub_stats_\(UUID().uuidString.prefix(8))"
                try await seeds.subscription(try await seeds.user(), plan: "pro", amount: 2_990, currency: currency, providerID: provider)
                try await seeds.invoicePaid(invoiceID: "in_stats_\(UUID().uuidString.prefix(8))", subscription: provider, amount: 2_990,
                                            currency: currency, daysAgo: 0)
                movements.append(Movement(date: try await seeds.day(0), plan: "pro", gross: 2_990, payments: 1))
                try await harness.refresh(.billingRevenueDaily)

                let reply = try await harness.get(client, "/v1/billing/revenue?period=7d&currency=\(currency.lowercased())", token: admin.token)
                #expect(reply.status == 200)
                let revenue = try #require(H.data(reply.body)["revenue"] as? [String: Any])
                #expect(revenue["period"] as? String == "7d")
                #expect(revenue["currency"] as? String == currency)
                #expect(revenue["refreshed_at"] is String)
                let from = try #require(revenue["from"] as? String)
                let to = try #require(revenue["to"] as? String)
                let days = try Self.days(from: from, count: 7)
                #expect(days.last == to)

                // Expected figures from the seeds, for whatever days the report covers (a run
                // across midnight shifts the period, not the expectations).
                let series = try #require(revenue["series"] as? [[String: Any]])
                #expect(series.compactMap { $0["date"] as? String } == days)
                for entry in series {
                    let date = entry["date"] as? String ?? ""
                    #expect(Self.figures(entry) == Self.sum(movements.filter { $0.date == date }), "\(date)")
                }
                let current = Self.sum(movements.filter { days.contains($0.date) })
                let previousDays = try Self.days(from: try Self.shift(from, by: -7), count: 7)
                let previous = Self.sum(movements.filter { previousDays.contains($0.date) })
                #expect(Self.figures(revenue["total"]) == current)
                #expect(Self.figures(revenue["previous_total"]) == previous)
                if previous.net == 0 {
                    #expect(revenue["growth_percent"] is NSNull)
                } else {
                    let growth = (Double(current.net - previous.net) / Double(abs(previous.net)) * 1000).rounded() / 10
                    #expect(H.number(revenue["growth_percent"]) == growth)
                }
                if to == (try await seeds.day(0)) {
                    #expect(current == Totals(gross: 6_490, refunded: 700, net: 5_790, payments: 3, refunds: 1))
                    #expect(previous == Totals(gross: 4_700, refunded: 0, net: 4_700, payments: 2, refunds: 0))
                    #expect(H.number(revenue["growth_percent"]) == 23.2)
                }

                let courses = try #require(revenue["by_course"] as? [[String: Any]])
                for course in [first, second] {
                    let expected = Self.sum(movements.filter { $0.course == course && days.contains($0.date) })
                    let row = courses.first { $0["course_id"] as? String == course.uuidString }
                    if expected == Totals() {
                        #expect(row == nil)
                    } else {
                        #expect(row.map(Self.figures) == expected)
                        #expect(row?["title"] as? String == (course == first ? "Revenus A" : "Revenus B"))
                    }
                }
                let plans = try #require(revenue["by_plan"] as? [[String: Any]])
                #expect(plans.compactMap { $0["plan"] as? String } == ["pro"])
                #expect(plans.first.map(Self.figures) == Totals(gross: 2_990, refunded: 0, net: 2_990, payments: 1, refunds: 0))

                let year = try await harness.get(client, "/v1/billing/revenue?period=1y&currency=\(currency)", token: admin.token)
                #expect(year.status == 200)
                let yearly = try #require(H.data(year.body)["revenue"] as? [String: Any])
                #expect((yearly["series"] as? [Any])?.count == 365)
                #expect(Self.figures(yearly["total"]) == Self.sum(movements))
                #expect(yearly["growth_percent"] is NSNull, "no revenue the year before: growth unknown")
            }
        }

        @Test("non-admins get 403, anonymous 401; a bad period or currency is 400 naming the field; no period means 30 days")
        func accessAndValidation() async throws {
            try await H.run { harness, client in
                let admin = try await harness.user(client, roles: [.admin])
                let instructor = try await harness.user(client, roles: [.academyInstructor])
                let learner = try await harness.user(client, roles: [.academyLearner])
                for token in [instructor.token, learner.token] {
                    #expect(try await harness.get(client, "/v1/billing/revenue?period=7d", token: token).status == 403)
                }
                #expect(try await client.execute(uri: "/v1/billing/revenue", method: .get) { $0.status.code } == 401)
                for (query, fields) in [("period=2w", ["period"]), ("period=", ["period"]), ("period=7d&currency=EURO", ["currency"]),
                                        ("period=bad&currency=1", ["period", "currency"])] {
                    let reply = try await harness.get(client, "/v1/billing/revenue?\(query)", token: admin.token)
                    #expect(reply.status == 400, "\(query)")
                    #expect((reply.body["error"] as? [String: Any])?["code"] as? String == "validation_failed")
                    #expect(H.fieldIssues(reply.body) == fields, "\(query)")
                }
                let defaulted = try await harness.get(client, "/v1/billing/revenue", token: admin.token)
                #expect(defaulted.status == 200)
                let revenue = H.data(defaulted.body)["revenue"] as? [String: Any]
                #expect(revenue?["period"] as? String == "30d")
                #expect(revenue?["currency"] as? String == "EUR")
                #expect((revenue?["series"] as? [Any])?.count == 30)
            }
        }

        // MARK: Helpers

        struct Totals: Equatable {
            var gross: Int64 = 0
            var refunded: Int64 = 0
            var net: Int64 = 0
            var payments = 0
            var refunds = 0
        }

        static func sum(_ movements: [Movement]) -> Totals {
            movements.reduce(into: Totals()) { total, movement in
                total.gross += movement.gross
                total.refunded += movement.refunded
                total.net += movement.gross - movement.refunded
                total.payments += movement.payments
                total.refunds += movement.refunds
            }
        }

        static func figures(_ value: Any?) -> Totals {
            let object = value as? [String: Any] ?? [:]
            func amount(_ key: String) -> Int64 { (object[key] as? NSNumber)?.int64Value ?? -1 }
            return Totals(gross: amount("gross_amount"), refunded: amount("refunded_amount"), net: amount("net_amount"),
                          payments: object["payments_count"] as? Int ?? -1, refunds: object["refunds_count"] as? Int ?? -1)
        }

        static func dayFormat() -> DateFormatter {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd"
            return formatter
        }

        /// `day` (`YYYY-MM-DD`) moved by `days` whole days.
        static func shift(_ day: String, by days: Int) throws -> String {
            let format = dayFormat()
            let date = try #require(format.date(from: day))
            return format.string(from: date.addingTimeInterval(Double(days) * 86_400))
        }

        static func days(from first: String, count: Int) throws -> [String] {
            try (0..<count).map { try shift(first, by: $0) }
        }
    }
}
