import Foundation
import Platform

/// The JSON and timestamp conventions of command payloads and headers: snake_case keys,
/// RFC 3339 times with milliseconds in UTC.
enum CommandCoding {
    /// Writes the bytes Foundation's `JSONEncoder` would with these conventions and sorted keys
    /// (so a command always encodes the same way); see `PayloadJSONEncoder` for why it is not
    /// Foundation's.
    static let encoder = PayloadJSONEncoder.rfc3339

    /// Reads what `encoder` writes; see `PayloadJSONDecoder` for why it is not Foundation's.
    static let decoder = PayloadJSONDecoder(parseDate: date)

    static func timestamp(_ date: Date) -> String { RFC3339.format(date) }

    static func date(_ text: String) -> Date? { RFC3339.parse(text) }
}
