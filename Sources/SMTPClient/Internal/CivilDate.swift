/// A proleptic Gregorian date computed from a day count, for the `Date` header.
///
/// Counts in 400-year eras of 146,097 days, with years starting on 1 March so that the leap
/// day is the last day of a year and month lengths follow a fixed pattern (153 days per five
/// months from March).
struct CivilDate: Equatable {
    let year: Int
    /// 1...12
    let month: Int
    /// 1...31
    let day: Int

    init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// - Parameter daysSinceEpoch: days since 1970-01-01 (negative before it).
    init(daysSinceEpoch: Int) {
        // Shift the origin to 0000-03-01, the start of an era.
        let shifted = daysSinceEpoch + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let marchBasedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * marchBasedMonth + 2) / 5 + 1
        month = marchBasedMonth < 10 ? marchBasedMonth + 3 : marchBasedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }
}
