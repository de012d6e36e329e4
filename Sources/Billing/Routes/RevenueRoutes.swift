import Foundation
import Hummingbird
import Identity
import Ingress

/// `GET /v1/billing/revenue?period=7d|30d|90d|1y&currency=EUR`: revenue for admins, served from
/// the statistics view `billing.revenue_daily` (refreshed by the `stats` worker after payments
/// and refunds, and every 6 h): every day of the period, the total, growth against the previous
/// period of the same length, per course and per plan.
enum RevenueRoutes {
    static let tag = "billing"

    static func add(to routes: APIRoutes, store: RevenueStore, defaultCurrency: String, access: AccessGuard) {
        routes.add(.get, "/v1/billing/revenue",
                   summary: "Revenue per day over 7d, 30d (default), 90d or 1y, with total, growth vs the previous period, per course and plan (admin)",
                   tag: tag, replies: [.init(200, "the report"), .init(400, "invalid period or currency, named"), .init(403, "not an admin")],
                   authenticated: true,
                   handler: access.protected(roles: [.admin]) { request, _, _ in
                       let query = request.uri.queryParameters
                       let (period, currency) = try parse(period: query.get("period"), currency: query.get("currency"),
                                                          defaultCurrency: defaultCurrency)
                       return SuccessEnvelope(["revenue": try await store.report(period: period, currency: currency)])
                   })
    }

    /// The period (30d when absent) and the upper-cased currency (`defaultCurrency` when absent).
    /// - Throws: `APIError.validation` naming every bad field.
    static func parse(period: String?, currency: String?, defaultCurrency: String) throws -> (RevenuePeriod, String) {
        var issues: [APIError.FieldIssue] = []
        let parsedPeriod = period.map { RevenuePeriod(rawValue: $0) } ?? .month
        if parsedPeriod == nil {
            issues.append(.init(field: "period", issue: "must be one of \(RevenuePeriod.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        let code = (currency ?? defaultCurrency).uppercased()
        if code.count != 3 || !code.allSatisfy({ $0.isASCII && $0.isLetter }) {
            issues.append(.init(field: "currency", issue: "must be a 3-letter ISO 4217 code"))
        }
        guard issues.isEmpty, let parsedPeriod else { throw APIError.validation(issues) }
        return (parsedPeriod, code)
    }
}
