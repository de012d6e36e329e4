import CivilCalendar
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
        let days = CivilDate.floorDivide(minutes, 1_440)
        let inDay = minutes - days * 1_440
        let civil = CivilDate(daysSinceEpoch: days)
        (year, month, day) = (civil.year, civil.month, civil.day)
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
        let minutes = civilDay.daysSinceEpoch * 1_440 + hour * 60 + minute
        return Date(timeIntervalSince1970: TimeInterval(minutes) * 60)
    }

    /// 0 = Sunday … 6 = Saturday.
    var weekday: Int {
        civilDay.weekday
    }

    var daysInMonth: Int { Self.daysIn(year: year, month: month) }

    /// 00:00 of the following day.
    mutating func moveToNextDay() {
        self = Self.midnight(days: civilDay.daysSinceEpoch + 1)
    }

    /// 23:59 of the preceding day.
    mutating func moveToPreviousDay() {
        self = Self.midnight(days: civilDay.daysSinceEpoch - 1)
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

    /// The day, for day arithmetic.
    private var civilDay: CivilDate { CivilDate(year: year, month: month, day: day) }

    private static func midnight(days: Int) -> CivilMinute {
        let date = CivilDate(daysSinceEpoch: days)
        return CivilMinute(year: date.year, month: date.month, day: date.day, hour: 0, minute: 0)
    }
}
