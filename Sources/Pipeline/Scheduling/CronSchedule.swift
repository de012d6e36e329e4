import Foundation

/// A standard five-field cron expression, evaluated in UTC at minute precision.
///
/// Syntax: `minute hour day-of-month month day-of-week`, each field a comma-separated list of
/// `*`, a value, a range `a-b`, each optionally stepped (`*/15`, `8-18/2`, `5/10` = from 5 to the
/// end of the field by 10). Months accept `JAN`…`DEC`, days of the week `SUN`…`SAT` (any case) and
/// `0`…`7`, where both 0 and 7 are Sunday. `@hourly`, `@daily` (`@midnight`), `@weekly`,
/// `@monthly` and `@yearly` (`@annually`) stand for their usual expressions.
///
/// Day rule (POSIX, as Vixie cron and cronie apply it): when both day fields are restricted a day
/// matches if *either* matches — `0 0 13 * FRI` fires on every 13th and on every Friday. A field
/// written starting with `*` (`*`, `*/2`) is not restricted, so then both must match.
///
/// UTC has no daylight-saving jumps, so every slot exists exactly once; schedules meant for a
/// local wall clock must be written in UTC.
public struct CronSchedule: Sendable, Hashable, CustomStringConvertible {
    /// The expression as written (trimmed).
    public let expression: String
    let fields: CronParser.Fields

    /// How far `next` and `previous` look: the Gregorian calendar repeats every 400 years, so an
    /// expression without a match in that window never matches (`0 0 31 2 *`).
    static let searchYears = 400

    /// Parses `expression`.
    /// - Throws: `SchedulingError` with code `invalid_cron_expression` naming the field at fault.
    public init(_ expression: String) throws {
        self.expression = expression.trimmingCharacters(in: .whitespacesAndNewlines)
        self.fields = try CronParser.parse(expression)
    }

    public var description: String { expression }

    /// The first slot strictly after `date` (the next whole minute that matches), or nil when the
    /// expression cannot match (`0 0 31 2 *`).
    public func next(after date: Date) -> Date? {
        var time = CivilMinute(containing: date)
        time.minute += 1
        if time.minute == 60 { time.moveToNextHour() }
        let lastYear = time.year + Self.searchYears
        while time.year <= lastYear {
            if !Self.contains(fields.months, time.month) {
                if let month = Self.bit(fields.months, atOrAfter: time.month + 1, upTo: 12) {
                    time = CivilMinute(year: time.year, month: month, day: 1, hour: 0, minute: 0)
                } else {
                    let month = Self.bit(fields.months, atOrAfter: 1, upTo: 12) ?? 1
                    time = CivilMinute(year: time.year + 1, month: month, day: 1, hour: 0, minute: 0)
                }
                continue
            }
            if !dayMatches(time) {
                time.moveToNextDay()
                continue
            }
            if !Self.contains(fields.hours, time.hour) {
                if let hour = Self.bit(fields.hours, atOrAfter: time.hour + 1, upTo: 23) {
                    time.hour = hour
                    time.minute = 0
                } else {
                    time.moveToNextDay()
                }
                continue
            }
            if !Self.contains(fields.minutes, time.minute) {
                if let minute = Self.bit(fields.minutes, atOrAfter: time.minute + 1, upTo: 59) {
                    time.minute = minute
                } else {
                    time.moveToNextHour()
                }
                continue
            }
            return time.date
        }
        return nil
    }

    /// The latest slot at or before `date` (the minute containing `date` counts), or nil when
    /// there is none within the search window.
    public func previous(notAfter date: Date) -> Date? {
        var time = CivilMinute(containing: date)
        let firstYear = time.year - Self.searchYears
        while time.year >= firstYear {
            if !Self.contains(fields.months, time.month) {
                let year: Int
                let month: Int
                if let earlier = Self.bit(fields.months, atOrBefore: time.month - 1) {
                    (year, month) = (time.year, earlier)
                } else {
                    (year, month) = (time.year - 1, Self.bit(fields.months, atOrBefore: 12) ?? 12)
                }
                time = CivilMinute(year: year, month: month, day: CivilMinute.daysIn(year: year, month: month),
                                   hour: 23, minute: 59)
                continue
            }
            if !dayMatches(time) {
                time.moveToPreviousDay()
                continue
            }
            if !Self.contains(fields.hours, time.hour) {
                if let hour = Self.bit(fields.hours, atOrBefore: time.hour - 1) {
                    time.hour = hour
                    time.minute = 59
                } else {
                    time.moveToPreviousDay()
                }
                continue
            }
            if !Self.contains(fields.minutes, time.minute) {
                if let minute = Self.bit(fields.minutes, atOrBefore: time.minute - 1) {
                    time.minute = minute
                } else {
                    time.moveToPreviousHour()
                }
                continue
            }
            return time.date
        }
        return nil
    }

    /// True when the minute containing `date` is a slot.
    public func matches(_ date: Date) -> Bool {
        let time = CivilMinute(containing: date)
        return Self.contains(fields.months, time.month) && dayMatches(time)
            && Self.contains(fields.hours, time.hour) && Self.contains(fields.minutes, time.minute)
    }

    private func dayMatches(_ time: CivilMinute) -> Bool {
        let dayOfMonth = Self.contains(fields.daysOfMonth, time.day)
        let dayOfWeek = Self.contains(fields.daysOfWeek, time.weekday)
        // An unrestricted field has every bit set, so "and" then reduces to the other field.
        if fields.dayOfMonthRestricted && fields.dayOfWeekRestricted {
            return dayOfMonth || dayOfWeek
        }
        return dayOfMonth && dayOfWeek
    }

    private static func contains(_ mask: UInt64, _ value: Int) -> Bool {
        mask & (1 << UInt64(value)) != 0
    }

    /// The lowest set bit in `start...end`, if any.
    private static func bit(_ mask: UInt64, atOrAfter start: Int, upTo end: Int) -> Int? {
        guard start <= end else { return nil }
        let candidates = mask >> UInt64(start)
        guard candidates != 0 else { return nil }
        let found = start + candidates.trailingZeroBitCount
        return found <= end ? found : nil
    }

    /// The highest set bit in `0...end`, if any.
    private static func bit(_ mask: UInt64, atOrBefore end: Int) -> Int? {
        guard end >= 0 else { return nil }
        let candidates = end >= 63 ? mask : mask & ((1 << UInt64(end + 1)) - 1)
        guard candidates != 0 else { return nil }
        return 63 - candidates.leadingZeroBitCount
    }
}
