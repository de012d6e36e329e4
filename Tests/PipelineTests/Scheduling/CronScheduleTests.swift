import Foundation
import Pipeline
import Testing

@Suite("Cron schedules")
struct CronScheduleTests {
    /// `"2026-03-01 10:00"` (or with seconds) in UTC.
    static func utc(_ text: String) throws -> Date {
        let withSeconds = text.count == 16 ? text + ":00" : text
        return try #require(ISO8601DateFormatter().date(from: withSeconds.replacing(" ", with: "T") + "Z"))
    }

    static func next(_ expression: String, after text: String) throws -> Date? {
        try CronSchedule(expression).next(after: utc(text))
    }

    static func previous(_ expression: String, notAfter text: String) throws -> Date? {
        try CronSchedule(expression).previous(notAfter: utc(text))
    }

    /// The successive slots after `text`.
    static func slots(_ expression: String, after text: String, count: Int) throws -> [Date] {
        let schedule = try CronSchedule(expression)
        var slots: [Date] = []
        var cursor = try utc(text)
        for _ in 0..<count {
            let slot = try #require(schedule.next(after: cursor))
            slots.append(slot)
            cursor = slot
        }
        return slots
    }

    @Test("every minute: the next slot is the following whole minute, strictly after; previous includes the current minute")
    func everyMinute() throws {
        #expect(try Self.next("* * * * *", after: "2026-03-01 10:00:30") == Self.utc("2026-03-01 10:01"))
        #expect(try Self.next("* * * * *", after: "2026-03-01 10:00") == Self.utc("2026-03-01 10:01"))
        #expect(try Self.next("* * * * *", after: "2026-12-31 23:59:59") == Self.utc("2027-01-01 00:00"))
        #expect(try Self.previous("* * * * *", notAfter: "2026-03-01 10:00:30") == Self.utc("2026-03-01 10:00"))
        #expect(try Self.previous("* * * * *", notAfter: "2026-03-01 10:00") == Self.utc("2026-03-01 10:00"))
    }

    @Test("lists and ranges select exactly their values")
    func listsAndRanges() throws {
        #expect(try Self.next("0,30 * * * *", after: "2026-03-01 10:10") == Self.utc("2026-03-01 10:30"))
        #expect(try Self.next("0,30 * * * *", after: "2026-03-01 10:30") == Self.utc("2026-03-01 11:00"))
        #expect(try Self.next("0 9-17 * * *", after: "2026-03-01 17:00") == Self.utc("2026-03-02 09:00"))
        #expect(try Self.next("0 9-17 * * *", after: "2026-03-01 03:12") == Self.utc("2026-03-01 09:00"))
        #expect(try Self.next("15 1,3-4,22 * * *", after: "2026-03-01 04:15") == Self.utc("2026-03-01 22:15"))
    }

    @Test("steps: */n, a-b/n and a/n")
    func steps() throws {
        #expect(try Self.next("*/15 * * * *", after: "2026-03-01 10:07") == Self.utc("2026-03-01 10:15"))
        #expect(try Self.slots("0 */6 * * *", after: "2026-03-01 05:00", count: 4)
                == [Self.utc("2026-03-01 06:00"), Self.utc("2026-03-01 12:00"), Self.utc("2026-03-01 18:00"), Self.utc("2026-03-02 00:00")])
        #expect(try Self.slots("10-40/10 * * * *", after: "2026-03-01 10:35", count: 3)
                == [Self.utc("2026-03-01 10:40"), Self.utc("2026-03-01 11:10"), Self.utc("2026-03-01 11:20")])
        #expect(try Self.slots("5/20 * * * *", after: "2026-03-01 10:00", count: 4)
                == [Self.utc("2026-03-01 10:05"), Self.utc("2026-03-01 10:25"), Self.utc("2026-03-01 10:45"), Self.utc("2026-03-01 11:05")])
        #expect(try Self.next("0 0 */10 * *", after: "2026-03-21 00:00") == Self.utc("2026-03-31 00:00"))
        #expect(try Self.next("0 0 */10 * *", after: "2026-03-31 00:00") == Self.utc("2026-04-01 00:00"))
    }

    @Test("month and weekday names, in any case, also inside ranges")
    func names() throws {
        #expect(try Self.next("0 0 1 JAN,jul *", after: "2026-01-01 00:00") == Self.utc("2026-07-01 00:00"))
        #expect(try Self.next("0 0 1 JAN,jul *", after: "2026-07-01 00:00") == Self.utc("2027-01-01 00:00"))
        // 2026-11-20 is a Friday.
        #expect(try Self.next("0 8 * * MON-FRI", after: "2026-11-20 08:00") == Self.utc("2026-11-23 08:00"))
        #expect(try Self.next("0 8 * * mon-fri", after: "2026-11-20 07:00") == Self.utc("2026-11-20 08:00"))
        #expect(try Self.next("0 0 1 Mar-May *", after: "2026-05-01 00:00") == Self.utc("2027-03-01 00:00"))
        #expect(try Self.next("0 0 * * sat,SUN", after: "2026-11-20 10:00") == Self.utc("2026-11-21 00:00"))
    }

    @Test("day-of-week 7 is Sunday, like 0")
    func sundayAsSeven() throws {
        // 2026-11-22 is a Sunday.
        #expect(try Self.next("0 0 * * 7", after: "2026-11-20 10:00") == Self.utc("2026-11-22 00:00"))
        #expect(try Self.next("0 0 * * 0", after: "2026-11-20 10:00") == Self.utc("2026-11-22 00:00"))
        #expect(try Self.next("0 0 * * 5-7", after: "2026-11-21 10:00") == Self.utc("2026-11-22 00:00"))
    }

    @Test("both day fields restricted: a day matches when either matches (POSIX)")
    func eitherDayFieldMatches() throws {
        // Fridays and the 13th.
        let slots = try Self.slots("0 0 13 * FRI", after: "2026-01-01 00:00", count: 6)
        #expect(try slots == ["2026-01-02", "2026-01-09", "2026-01-13", "2026-01-16", "2026-01-23", "2026-01-30"]
            .map { try Self.utc($0 + " 00:00") })
    }

    @Test("a day field starting with * is unrestricted, so both fields must match")
    func starredDayFieldAnds() throws {
        // Odd days that are Mondays.
        let slots = try Self.slots("0 0 */2 * MON", after: "2026-01-01 00:00", count: 3)
        #expect(try slots == ["2026-01-05", "2026-01-19", "2026-02-09"].map { try Self.utc($0 + " 00:00") })
    }

    @Test("month and day-of-week combine: Sundays of February only")
    func monthAndWeekday() throws {
        #expect(try Self.slots("0 12 * 2 SUN", after: "2026-03-01 00:00", count: 2)
                == [Self.utc("2027-02-07 12:00"), Self.utc("2027-02-14 12:00")])
        #expect(try Self.previous("0 12 * 2 SUN", notAfter: "2026-03-01 00:00") == Self.utc("2026-02-22 12:00"))
    }

    @Test("macros stand for their usual expressions")
    func macros() throws {
        let after = "2026-11-20 10:20"  // a Friday
        #expect(try Self.next("@hourly", after: after) == Self.utc("2026-11-20 11:00"))
        #expect(try Self.next("@daily", after: after) == Self.utc("2026-11-21 00:00"))
        #expect(try Self.next("@midnight", after: after) == Self.utc("2026-11-21 00:00"))
        #expect(try Self.next("@weekly", after: after) == Self.utc("2026-11-22 00:00"))
        #expect(try Self.next("@monthly", after: after) == Self.utc("2026-12-01 00:00"))
        #expect(try Self.next("@yearly", after: after) == Self.utc("2027-01-01 00:00"))
        #expect(try Self.next("@Annually", after: after) == Self.utc("2027-01-01 00:00"))
    }

    @Test("29 February fires only in leap years, skipping 2100")
    func leapDay() throws {
        #expect(try Self.next("0 0 29 2 *", after: "2026-01-01 00:00") == Self.utc("2028-02-29 00:00"))
        #expect(try Self.next("0 0 29 2 *", after: "2096-03-01 00:00") == Self.utc("2104-02-29 00:00"))
        #expect(try Self.previous("0 0 29 2 *", notAfter: "2026-06-01 00:00") == Self.utc("2024-02-29 00:00"))
        #expect(try Self.previous("0 0 29 2 *", notAfter: "2104-02-28 00:00") == Self.utc("2096-02-29 00:00"))
        #expect(try Self.next("0 0 * * *", after: "2028-02-28 12:00") == Self.utc("2028-02-29 00:00"))
        #expect(try Self.next("0 0 * * *", after: "2100-02-28 12:00") == Self.utc("2100-03-01 00:00"))
    }

    @Test("an expression that can never match gives nil instead of searching forever")
    func impossible() throws {
        for expression in ["0 0 31 2 *", "0 0 30 2 *", "0 0 31 4,6,9,11 *"] {
            #expect(try Self.next(expression, after: "2026-01-01 00:00") == nil)
            #expect(try Self.previous(expression, notAfter: "2026-01-01 00:00") == nil)
        }
    }

    @Test("year and month boundaries roll over")
    func rollover() throws {
        #expect(try Self.next("59 23 31 12 *", after: "2026-12-31 23:59") == Self.utc("2027-12-31 23:59"))
        #expect(try Self.previous("59 23 31 12 *", notAfter: "2027-12-31 23:58") == Self.utc("2026-12-31 23:59"))
        #expect(try Self.next("0 0 31 * *", after: "2026-01-31 00:00") == Self.utc("2026-03-31 00:00"))
        #expect(try Self.previous("0 0 31 * *", notAfter: "2026-03-30 00:00") == Self.utc("2026-01-31 00:00"))
        #expect(try Self.previous("30 * * * *", notAfter: "2026-01-01 00:10") == Self.utc("2025-12-31 23:30"))
    }

    @Test("next and previous agree with a minute-by-minute scan")
    func agreesWithBruteForce() throws {
        var generator = SystemRandomNumberGenerator()
        let expressions = ["*/7 3-5 * * *", "0 0 13 * FRI", "15 10 * * 1-5", "0 */6 * * *", "30 2 1,15 * *", "*/20 9 * * SAT,3"]
        for expression in expressions {
            let schedule = try CronSchedule(expression)
            for _ in 0..<10 {
                // Anywhere between 1950 and 2150.
                let start = Date(timeIntervalSince1970: Double.random(in: -631_152_000...5_680_281_600, using: &generator))
                let next = try #require(schedule.next(after: start))
                #expect(schedule.matches(next), "\(expression) after \(start)")
                #expect(next > start)
                var minute = (start.timeIntervalSince1970 / 60).rounded(.down) * 60 + 60
                while minute < next.timeIntervalSince1970 {
                    #expect(!schedule.matches(Date(timeIntervalSince1970: minute)), "\(expression): missed a slot before \(next)")
                    minute += 60
                }
                #expect(schedule.previous(notAfter: next) == next)
                let previous = try #require(schedule.previous(notAfter: start))
                #expect(previous <= start && schedule.matches(previous))
                #expect(schedule.next(after: previous) == next)
            }
        }
    }

    @Test("days and weekdays agree with Foundation's Gregorian calendar across centuries")
    func agreesWithCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var generator = SystemRandomNumberGenerator()
        let daily = try CronSchedule("@daily")
        let mondays = try CronSchedule("0 0 * * MON")
        for _ in 0..<300 {
            // Between 1700 and 2400.
            let start = Date(timeIntervalSince1970: Double.random(in: -8_520_336_000...13_569_465_600, using: &generator))
            let expectedDay = try #require(calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: start)))
            #expect(daily.next(after: start) == expectedDay)
            let monday = try #require(mondays.next(after: start))
            #expect(calendar.component(.weekday, from: monday) == 2)
            #expect(monday.timeIntervalSince(start) <= 7 * 86_400)
        }
    }

    @Test("a malformed expression is rejected with the field at fault", arguments: [
        ("60 * * * *", "minute"), ("* 24 * * *", "hour"), ("* * 0 * *", "day-of-month"), ("* * 32 * *", "day-of-month"),
        ("* * * 13 *", "month"), ("* * * FOO *", "month"), ("* * * * 8", "day-of-week"), ("* * * * FUNDAY", "day-of-week"),
        ("*/0 * * * *", "minute"), ("5-1 * * * *", "minute"), ("1,,2 * * * *", "minute"), ("1-2-3 * * * *", "minute"),
        ("* */x * * *", "hour"), ("* 1/2/3 * * *", "hour"), ("+5 * * * *", "minute"), ("* * * * MON-", "day-of-week"),
    ])
    func fieldErrors(expression: String, field: String) {
        let error = #expect(throws: SchedulingError.self) { try CronSchedule(expression) }
        #expect(error?.code == .invalidCronExpression)
        #expect(error?.field == field)
        #expect(error?.description.contains(field) == true)
    }

    @Test("a wrong number of fields or an unknown macro is rejected", arguments: ["* * * *", "* * * * * *", "", "@reboot", "@every5m"])
    func shapeErrors(expression: String) {
        let error = #expect(throws: SchedulingError.self) { try CronSchedule(expression) }
        #expect(error?.code == .invalidCronExpression)
    }
}
