import CivilCalendar
import Foundation

/// RFC 3339 timestamps in UTC with milliseconds (`2026-11-21T23:40:33.123Z`), the one time format
/// of logs, command headers and JSON bodies.
public enum RFC3339 {
    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
    private static let withoutFraction = Date.ISO8601FormatStyle(timeZone: .gmt)

    public static func format(_ date: Date) -> String {
        withFraction.format(date)
    }

    /// The minute in UTC as people read it in an email (`2026-11-21 23:40 UTC`).
    public static func minuteText(_ date: Date) -> String {
        let text = format(date)
        return text.prefix(10) + " " + text.dropFirst(11).prefix(5) + " UTC"
    }

    /// Accepts the time with or without fractional seconds; nil for anything else.
    public static func parse(_ text: String) -> Date? {
        fastParse(text) ?? (try? withFraction.parse(text)) ?? (try? withoutFraction.parse(text))
    }

    /// The exact shape `format` writes (`YYYY-MM-DDTHH:MM:SS.mmmZ`), parsed by hand: every
    /// consumed command carries one in its headers, and the general parser costs microseconds.
    static func fastParse(_ text: String) -> Date? {
        fastParse(bytes: Array(text.utf8))
    }

    /// `fastParse` on the raw bytes of a header value (no String in between).
    public static func fastParse(bytes: [UInt8]) -> Date? {
        guard bytes.count == 24, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
              bytes[16] == 0x3A, bytes[19] == 0x2E, bytes[23] == 0x5A else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 0x30
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), let millisecond = number(20..<23),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        let days = CivilDate(year: year, month: month, day: day).daysSinceEpoch
        let seconds = Double(days * 86_400 + hour * 3_600 + minute * 60 + second) + Double(millisecond) / 1_000
        return Date(timeIntervalSince1970: seconds)
    }
}
