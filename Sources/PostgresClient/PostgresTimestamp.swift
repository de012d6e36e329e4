import CivilCalendar
import Foundation

/// timestamptz/timestamp/date text forms in ISO DateStyle (pure functions, no formatter state).
enum PostgresTimestamp {
    private static let microsecondsPerDay: Int64 = 86_400_000_000

    /// `2024-03-05 14:07:09.123456+00`, or `... BC` before year 1, always UTC.
    static func format(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let (days, dayMicros) = floorDivide(micros, microsecondsPerDay)
        let (year, month, day) = civil(fromDays: days)
        let seconds = dayMicros / 1_000_000
        let fraction = dayMicros % 1_000_000
        var text = year > 0 ? pad(year, 4) : pad(1 - year, 4)
        text += "-" + pad(month, 2) + "-" + pad(day, 2)
        text += " " + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        text += "." + pad(fraction, 6) + "+00"
        if year <= 0 { text += " BC" }
        return text
    }

    /// Parses `YYYY-MM-DD[ HH:MM:SS[.ffffff]][±HH[:MM[:SS]]][ BC]`; no offset means UTC.
    static func parse(_ text: String) -> Date? {
        var scanner = Scanner(Array(text.utf8))
        guard var year = scanner.number(minDigits: 4), scanner.skip("-"),
              let month = scanner.number(minDigits: 2, maxDigits: 2), scanner.skip("-"),
              let day = scanner.number(minDigits: 2, maxDigits: 2),
              (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var micros: Int64 = 0
        var offsetSeconds: Int64 = 0
        if scanner.skipTimeSeparator() {
            guard let hour = scanner.number(minDigits: 2, maxDigits: 2), scanner.skip(":"),
                  let minute = scanner.number(minDigits: 2, maxDigits: 2), scanner.skip(":"),
                  let second = scanner.number(minDigits: 2, maxDigits: 2),
                  hour <= 24, minute < 60, second < 61
            else { return nil }
            micros = ((hour * 60 + minute) * 60 + second) * 1_000_000
            if scanner.skip(".") {
                let start = scanner.position
                guard let fraction = scanner.number(minDigits: 1, maxDigits: 6) else { return nil }
                var scaled = fraction
                for _ in (scanner.position - start)..<6 { scaled *= 10 }
                micros += scaled
            }
            if let sign = scanner.peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                scanner.position += 1
                guard let hours = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
                var offset = hours * 3600
                if scanner.skip(":") {
                    guard let minutes = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
                    offset += minutes * 60
                    // Historical local-mean-time offsets carry seconds, e.g. +00:09:21.
                    if scanner.skip(":") {
                        guard let seconds = scanner.number(minDigits: 2, maxDigits: 2) else { return nil }
                        offset += seconds
                    }
                }
                offsetSeconds = sign == UInt8(ascii: "+") ? offset : -offset
            }
        }
        if scanner.skip(" BC") { year = 1 - year }
        guard scanner.atEnd else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let total = days * microsecondsPerDay + micros - offsetSeconds * 1_000_000
        return Date(timeIntervalSince1970: Double(total) / 1_000_000)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let quotient = a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0)
        return (quotient, a - quotient * b)
    }

    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        Int64(CivilDate(year: Int(year), month: Int(month), day: Int(day)).daysSinceEpoch)
    }

    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let date = CivilDate(daysSinceEpoch: Int(days))
        return (Int64(date.year), Int64(date.month), Int64(date.day))
    }

    private struct Scanner {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { position == bytes.count }

        func peek() -> UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skip(_ literal: StaticString) -> Bool {
            let expected = literal.withUTF8Buffer { Array($0) }
            guard bytes.count - position >= expected.count,
                  bytes[position..<position + expected.count].elementsEqual(expected)
            else { return false }
            position += expected.count
            return true
        }

        /// A space or `T` followed by a digit (a space before `BC` is not one).
        mutating func skipTimeSeparator() -> Bool {
            guard let c = peek(), c == UInt8(ascii: " ") || c == UInt8(ascii: "T"),
                  position + 1 < bytes.count,
                  bytes[position + 1] >= UInt8(ascii: "0"), bytes[position + 1] <= UInt8(ascii: "9")
            else { return false }
            position += 1
            return true
        }

        mutating func number(minDigits: Int, maxDigits: Int = 9) -> Int64? {
            var value: Int64 = 0
            var count = 0
            while count < maxDigits, let c = peek(), c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
                value = value * 10 + Int64(c - UInt8(ascii: "0"))
                position += 1
                count += 1
            }
            return count >= minDigits ? value : nil
        }
    }
}
