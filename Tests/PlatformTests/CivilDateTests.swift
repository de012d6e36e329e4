import CivilCalendar
import Testing

@Suite("Civil calendar arithmetic")
struct CivilDateTests {
    @Test("known days: the epoch, leap days, a century that is not a leap year, and before 1970")
    func knownDays() {
        #expect(CivilDate(daysSinceEpoch: 0) == CivilDate(year: 1970, month: 1, day: 1))
        #expect(CivilDate(year: 2000, month: 2, day: 29).daysSinceEpoch == 11_016)
        #expect(CivilDate(daysSinceEpoch: CivilDate(year: 2100, month: 2, day: 28).daysSinceEpoch + 1) == CivilDate(year: 2100, month: 3, day: 1))
        #expect(CivilDate(daysSinceEpoch: -1) == CivilDate(year: 1969, month: 12, day: 31))
        #expect(CivilDate(year: 1970, month: 1, day: 1).weekday == 4)
        #expect(CivilDate(year: 1969, month: 12, day: 28).weekday == 0)
        #expect(CivilDate.floorDivide(-1, 86_400) == -1)
        #expect(CivilDate.floorDivide(86_400, 86_400) == 1)
    }

    @Test("days and dates convert back and forth over twelve centuries, one day at a time")
    func roundTrip() {
        var previous = CivilDate(daysSinceEpoch: -300_001)
        for days in -300_000...150_000 {
            let date = CivilDate(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
            // Each day follows the previous one: same month and day + 1, or the 1st of the next month.
            let next = date.day == previous.day + 1 && date.month == previous.month && date.year == previous.year
                || date.day == 1 && (date.month == previous.month % 12 + 1)
            #expect(next, "\(previous) → \(date)")
            previous = date
            if !next { return }
        }
    }
}
