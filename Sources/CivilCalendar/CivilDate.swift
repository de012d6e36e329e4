/// A proleptic Gregorian date and its day number since 1970-01-01, converted both ways with
/// integer arithmetic (Howard Hinnant's `days_from_civil` / `civil_from_days`).
///
/// The formats written and parsed by hand (RFC 3339, RFC 5322 `Date`, PostgreSQL timestamps,
/// cron schedules) all need this, and all need it faster and more predictably than
/// Foundation's `Calendar`. Days are counted in 400-year eras of 146,097 days, with years
/// starting on 1 March so that the leap day is the last day of a year and month lengths follow
/// a fixed pattern (153 days per five months from March).
public struct CivilDate: Hashable, Sendable {
    public let year: Int
    /// 1...12
    public let month: Int
    /// 1...31
    public let day: Int

    /// Days from 0000-03-01 to 1970-01-01.
    private static let epochShift = 719_468
    private static let daysPerEra = 146_097

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// - Parameter daysSinceEpoch: days since 1970-01-01 (negative before it).
    public init(daysSinceEpoch: Int) {
        let shifted = daysSinceEpoch + Self.epochShift
        let era = Self.floorDivide(shifted, Self.daysPerEra)
        let dayOfEra = shifted - era * Self.daysPerEra
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let marchBasedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * marchBasedMonth + 2) / 5 + 1
        month = marchBasedMonth < 10 ? marchBasedMonth + 3 : marchBasedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days since 1970-01-01 (negative before it).
    public var daysSinceEpoch: Int {
        let marchBasedYear = month <= 2 ? year - 1 : year
        let era = Self.floorDivide(marchBasedYear, 400)
        let yearOfEra = marchBasedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * Self.daysPerEra + dayOfEra - Self.epochShift
    }

    /// 0 for Sunday ... 6 for Saturday (1970-01-01 was a Thursday).
    public var weekday: Int {
        ((daysSinceEpoch + 4) % 7 + 7) % 7
    }

    /// Division rounding towards minus infinity, so dates before 1970 land on the right day.
    public static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        let quotient = value / divisor
        return value % divisor != 0 && (value < 0) != (divisor < 0) ? quotient - 1 : quotient
    }
}
