import CivilCalendar
import Foundation

/// RFC 3339 timestamps in UTC with milliseconds (`2026-11-21T23:40:33.123Z`), the one time format
/// of logs, command headers and JSON bodies.
public enum RFC3339 {
    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
    private static let withoutFraction = Date.ISO8601FormatStyle(timeZone: .gmt)

    public static func format(_ date: Date) -> String {
        // By hand for years 0...9999, the only ones the format can hold: every published command
        // and log line writes one, and the format style costs microseconds per call.
        // Split as Foundation does (whole seconds since 2001, then the fraction truncated to
        // milliseconds), so both write the same text for every instant.
        let sinceReference = date.timeIntervalSinceReferenceDate
        let wholeSeconds = sinceReference.rounded(.down)
        let millisecond = Int((sinceReference - wholeSeconds) * 1_000)
        let seconds = Int(wholeSeconds) + Int(Date.timeIntervalBetween1970AndReferenceDate)
        let days = CivilDate.floorDivide(seconds, 86_400)
        let civil = CivilDate(daysSinceEpoch: days)
        guard (0...9_999).contains(civil.year) else { return withFraction.format(date) }
        let secondOfDay = seconds - days * 86_400
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        func append(_ value: Int, width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        append(civil.year, width: 4); bytes.append(UInt8(ascii: "-"))
        append(civil.month, width: 2); bytes.append(UInt8(ascii: "-"))
        append(civil.day, width: 2); bytes.append(UInt8(ascii: "T"))
        append(secondOfDay / 3_600, width: 2); bytes.append(UInt8(ascii: ":"))
        append(secondOfDay / 60 % 60, width: 2); bytes.append(UInt8(ascii: ":"))
        append(secondOfDay % 60, width: 2); bytes.append(UInt8(ascii: "."))
        append(millisecond, width: 3); bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
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
        bytes.withUnsafeBufferPointer(fastParse(buffer:))
    }

    public static func fastParse(bytes: ArraySlice<UInt8>) -> Date? {
        bytes.withUnsafeBufferPointer(fastParse(buffer:))
    }

    private static func fastParse(buffer bytes: UnsafeBufferPointer<UInt8>) -> Date? {
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
