import Foundation

/// RFC 3339 timestamps in UTC with milliseconds (`2026-11-21T23:40:33.123Z`), the one time format
/// of logs, command headers and JSON bodies.
public enum RFC3339 {
    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
    private static let withoutFraction = Date.ISO8601FormatStyle(timeZone: .gmt)

    public static func format(_ date: Date) -> String {
        withFraction.format(date)
    }

    /// Accepts the time with or without fractional seconds; nil for anything else.
    public static func parse(_ text: String) -> Date? {
        (try? withFraction.parse(text)) ?? (try? withoutFraction.parse(text))
    }
}
