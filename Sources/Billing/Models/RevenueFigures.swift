import PostgresClient

/// Revenue over some span (a day, a period, a course, a plan), in minor units of one currency.
/// Purchases count on the day they were paid, refunds on the day they were refunded.
public struct RevenueFigures: Sendable, Encodable, Equatable {
    public var grossAmount: Int64 = 0
    public var refundedAmount: Int64 = 0
    /// gross − refunded; negative when a span refunded more than it sold.
    public var netAmount: Int64 = 0
    public var paymentsCount: Int = 0
    public var refundsCount: Int = 0

    public init() {}

    /// Sums of `gross`, `refunded`, `net`, `payments`, `refunds` in `row`.
    init(row: PostgresRow) throws {
        grossAmount = try row.decode(Int64.self, column: "gross")
        refundedAmount = try row.decode(Int64.self, column: "refunded")
        netAmount = try row.decode(Int64.self, column: "net")
        paymentsCount = try row.decode(Int.self, column: "payments")
        refundsCount = try row.decode(Int.self, column: "refunds")
    }

    /// The SQL sums `init(row:)` reads, over rows of `billing.revenue_daily` aliased `r` (zeros
    /// when there are none).
    static let sums: PostgresQuery = """
        coalesce(sum(r.gross_amount), 0)::bigint AS gross, coalesce(sum(r.refunded_amount), 0)::bigint AS refunded,
        coalesce(sum(r.net_amount), 0)::bigint AS net, coalesce(sum(r.payments_count), 0)::bigint AS payments,
        coalesce(sum(r.refunds_count), 0)::bigint AS refunds
        """

    static func + (lhs: RevenueFigures, rhs: RevenueFigures) -> RevenueFigures {
        var sum = lhs
        sum.grossAmount += rhs.grossAmount
        sum.refundedAmount += rhs.refundedAmount
        sum.netAmount += rhs.netAmount
        sum.paymentsCount += rhs.paymentsCount
        sum.refundsCount += rhs.refundsCount
        return sum
    }
}
