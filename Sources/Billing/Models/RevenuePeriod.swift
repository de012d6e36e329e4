/// The periods `GET /v1/billing/revenue` reports on: the last N UTC days, today included,
/// compared with the N days before them.
public enum RevenuePeriod: String, Sendable, CaseIterable {
    case week = "7d"
    case month = "30d"
    case quarter = "90d"
    case year = "1y"

    public var days: Int {
        switch self {
        case .week: 7
        case .month: 30
        case .quarter: 90
        case .year: 365
        }
    }
}
