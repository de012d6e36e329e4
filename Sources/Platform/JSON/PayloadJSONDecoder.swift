import Foundation

/// Decodes command payloads: JSON with snake_case member names (`SnakeCaseKeys`) and times in
/// the text form `parseDate` reads.
///
/// It decodes what Foundation's `JSONDecoder` decodes when given `SnakeCaseKeys.decoding` and
/// the same date strategy, with the same results (the tests hold it to that, Foundation being
/// the oracle), except that it is strict where Foundation is lenient: a trailing comma is an
/// error, as RFC 8259 says. Workers decode every command they consume, and Foundation's decoder
/// builds a dictionary of converted member names for every object it reads; that was a fifth of
/// a no-op consumer's CPU. This one parses once into a flat tape and matches names byte by byte.
///
/// With `MemberNames.verbatim` it stands for a plain `JSONDecoder` instead (names compared as
/// written), for documents others write, such as a payment provider's webhook events.
public struct PayloadJSONDecoder: Sendable {
    /// How JSON member names are compared with Swift property names.
    public enum MemberNames: Sendable {
        /// `amount_received` is the property `amountReceived` (`SnakeCaseKeys`).
        case snakeCase
        /// Names are compared as written, as a `JSONDecoder` with default options does.
        case verbatim
    }

    let parseDate: @Sendable (String) -> Date?
    let memberNames: MemberNames

    public init(parseDate: @escaping @Sendable (String) -> Date?, memberNames: MemberNames = .snakeCase) {
        self.parseDate = parseDate
        self.memberNames = memberNames
    }

    /// - Throws: `DecodingError` as Foundation's decoder would, with the coding path.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let tape = try JSONTape(parsing: bytes)
        return try JSONTapeDecoder.root(of: tape, options: self).decodeValue(type, at: 0, key: nil)
    }
}
