import Foundation

/// What `GET /v1/billing/revenue` answers: one currency's revenue over a period, day by day
/// (every day present, zeros included), its total, the previous period of the same length and
/// the growth between them, broken down per course and per plan.
public struct RevenueReport: Sendable, Encodable {
    /// One UTC day of the series.
    public struct Day: Sendable, Encodable, Equatable {
        /// `YYYY-MM-DD` (UTC).
        public var date: String
        public var figures: RevenueFigures

        public func encode(to encoder: any Encoder) throws {
            // Flat: {"date": ..., "net_amount": ...}.
            var container = encoder.container(keyedBy: DayKey.self)
            try container.encode(date, forKey: .date)
            try figures.encode(to: encoder)
        }

        private enum DayKey: String, CodingKey { case date }
    }

    /// One course's share of the period.
    public struct Course: Sendable, Encodable, Equatable {
        public var courseID: UUID
        /// nil when the course no longer exists.
        public var title: String?
        public var figures: RevenueFigures

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CourseKey.self)
            try container.encode(courseID, forKey: .courseID)
            try container.encode(title, forKey: .title)
            try figures.encode(to: encoder)
        }

        private enum CourseKey: String, CodingKey { case courseID, title }
    }

    /// One subscription plan's share of the period.
    public struct Plan: Sendable, Encodable, Equatable {
        public var plan: String
        public var figures: RevenueFigures

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: PlanKey.self)
            try container.encode(plan, forKey: .plan)
            try figures.encode(to: encoder)
        }

        private enum PlanKey: String, CodingKey { case plan }
    }

    public var period: String
    public var currency: String
    /// First and last day of the period (`YYYY-MM-DD`, UTC, both included).
    public var from: String
    public var to: String
    /// When the revenue view's last refresh began (it holds every change committed before).
    public var refreshedAt: Date?
    public var total: RevenueFigures
    /// The same number of days just before `from`.
    public var previousTotal: RevenueFigures
    public var growthPercent: Double?
    public var series: [Day]
    /// Courses with revenue in the period, highest net first (at most `RevenueStore.breakdownLimit`).
    public var byCourse: [Course]
    public var byPlan: [Plan]

    /// Net growth from `previous` to `current` in percent, one decimal; nil when the previous
    /// net is 0 (no base to compare with). A negative previous net (more refunded than sold) is
    /// compared by its size, so improving on it reads as growth.
    public static func growthPercent(current: Int64, previous: Int64) -> Double? {
        guard previous != 0 else { return nil }
        let change = (Double(current) - Double(previous)) / Double(previous.magnitude) * 100
        return (change * 10).rounded() / 10
    }

    private enum CodingKeys: String, CodingKey {
        case period, currency, from, to, refreshedAt, total, previousTotal, growthPercent, series, byCourse, byPlan
    }

    /// Written by hand so that an unknown growth or refresh time is `null`, not an absent key.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(period, forKey: .period)
        try container.encode(currency, forKey: .currency)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(refreshedAt, forKey: .refreshedAt)
        try container.encode(total, forKey: .total)
        try container.encode(previousTotal, forKey: .previousTotal)
        try container.encode(growthPercent, forKey: .growthPercent)
        try container.encode(series, forKey: .series)
        try container.encode(byCourse, forKey: .byCourse)
        try container.encode(byPlan, forKey: .byPlan)
    }
}
