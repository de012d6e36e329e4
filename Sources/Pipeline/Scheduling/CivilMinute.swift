import Foundation

/// A UTC calendar minute (proleptic Gregorian), with the arithmetic `CronSchedule` needs.
///
/// Pure integer math instead of `Calendar`: cron slots are evaluated in UTC, where no day has a
/// DST gap or overlap, and searching a few centuries for an impossible expression stays cheap.
struct CivilMinute: Equatable {
    var year: Int
    /// 1...12
    var month: Int
    /// 1...31
    var day: Int
    /// 0...23
    var hour: Int
    /// 0...59
    var minute: Int

    /// The minute containing `date` (seconds are dropped, rounding towards the past).
    init(containing date: Date) {
        let minutes = Int((date.timeIntervalSince1970 / 60).rounded(.down))
        let days = Self.floorDivide(minutes, 1_440)
        let inDay = minutes - days * 1_440
        (year, month, day) = Self.civil(fromDays: days)
        hour = inDay / 60
        minute = inDay % 60
    }

    init(year: Int, month: Int, day: Int, hour: Int, minute: Int) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
    }

    var date: Date {
        let minutes = Self.days(year: year, month: month, day: day) * 1_440 + hour * 60 + minute
        return Date(timeIntervalSince1970: TimeInterval(minutes) * 60)
    }

    /// 0 = Sunday … 6 = Saturday.
    var weekday: Int {
        // 1970-01-01 was a Thursday.
        let days = Self.days(year: year, month: month, day: day)
        return ((days + 4) % 7 + 7) % 7
    }

    var daysInMonth: Int { Self.daysIn(year: year, month: month) }

    /// 00:00 of the following day.
    mutating func moveToNextDay() {
        self = Self.midnight(days: Self.days(year: year, month: month, day: day) + 1)
    }

    /// 23:59 of the preceding day.
    mutating func moveToPreviousDay() {
        self = Self.midnight(days: Self.days(year: year, month: month, day: day) - 1)
        hour = 23
        minute = 59
    }

    /// `:00` of the following hour, carrying into the next day.
    mutating func moveToNextHour() {
        if hour == 23 {
            moveToNextDay()
        } else {
            hour += 1
            minute = 0
        }
    }

    /// `:59` of the preceding hour, carrying into the previous day.
    mutating func moveToPreviousHour() {
        if hour == 0 {
            moveToPreviousDay()
        } else {
            hour -= 1
            minute = 59
        }
    }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    private static func midnight(days: Int) -> CivilMinute {
        let (year, month, day) = civil(fromDays: days)
        return CivilMinute(year: year, month: month, day: day, hour: 0, minute: 0)
    }

    /// Days since 1970-01-01, counting in 400-year eras shifted to start in March so that the leap
    /// day is the last day of the shifted year (H. Hinnant's `days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = floorDivide(shiftedYear, 400)
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `days(year:month:day:)`.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}
