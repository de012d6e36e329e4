import Foundation
import Platform

/// The JSON and timestamp conventions of command payloads and headers: snake_case keys,
/// RFC 3339 times with milliseconds in UTC.
enum CommandCoding {
    // Built once: creating a coder costs more than decoding a small command, and Foundation's
    // coders are safe to share across threads (their options are read under a lock).
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = SnakeCaseKeys.encoding
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(timestamp(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Reads what `encoder` writes; see `PayloadJSONDecoder` for why it is not Foundation's.
    static let decoder = PayloadJSONDecoder(parseDate: date)

    static func timestamp(_ date: Date) -> String { RFC3339.format(date) }

    static func date(_ text: String) -> Date? { RFC3339.parse(text) }
}
