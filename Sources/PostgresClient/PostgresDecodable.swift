import Foundation

/// A Swift type that can be read from a result column.
///
/// Decoding reads PostgreSQL's text output; a type accepts every column type whose text form it
/// can parse exactly (an `Int` reads int2/int4/int8, a `String` reads anything). A
/// `RawRepresentable` type whose raw value is decodable only needs `extension MyEnum: PostgresDecodable {}`.
public protocol PostgresDecodable: Sendable {
    /// Decodes a cell.
    /// - Throws: `PostgresError` with code `.decoding` when the cell is NULL (for a non-optional
    ///   type) or its text cannot be parsed as `Self`.
    static func decode(from cell: PostgresCell) throws -> Self
}

extension PostgresDecodable where Self: RawRepresentable, RawValue: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Self {
        guard let value = Self(rawValue: try RawValue.decode(from: cell)) else {
            throw PostgresError.decodingMismatch(cell, expected: Self.self)
        }
        return value
    }
}

extension PostgresError {
    static func decodingNull(_ cell: PostgresCell, expected: Any.Type) -> PostgresError {
        PostgresError(code: .decoding, detail: "column \"\(cell.column)\" is NULL but \(expected) is not optional")
    }

    static func decodingMismatch(_ cell: PostgresCell, expected: Any.Type) -> PostgresError {
        // The type names come from code and the server catalogue; the cell's text is never included.
        PostgresError(code: .decoding, detail: "column \"\(cell.column)\" (\(cell.type)) cannot be decoded as \(expected)")
    }
}

extension PostgresCell {
    /// The non-NULL text parsed by `parse`, or the matching decoding error.
    func parse<T>(as type: T.Type, _ parse: (String) -> T?) throws -> T {
        guard let text else { throw PostgresError.decodingNull(self, expected: T.self) }
        guard let value = parse(text) else { throw PostgresError.decodingMismatch(self, expected: T.self) }
        return value
    }
}

extension String: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> String { try cell.parse(as: String.self) { $0 } }
}

extension Int: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Int { try cell.parse(as: Int.self) { Int($0) } }
}

extension Int64: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Int64 { try cell.parse(as: Int64.self) { Int64($0) } }
}

extension Int32: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Int32 { try cell.parse(as: Int32.self) { Int32($0) } }
}

extension Int16: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Int16 { try cell.parse(as: Int16.self) { Int16($0) } }
}

extension UInt8: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> UInt8 { try cell.parse(as: UInt8.self) { UInt8($0) } }
}

extension Bool: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Bool {
        try cell.parse(as: Bool.self) { text in
            switch text {
            case "t", "true": true
            case "f", "false": false
            default: nil
            }
        }
    }
}

extension Double: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Double {
        // Swift's parser accepts PostgreSQL's "Infinity", "-Infinity" and "NaN" spellings.
        try cell.parse(as: Double.self) { Double($0) }
    }
}

extension UUID: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> UUID {
        try cell.parse(as: UUID.self) { UUID(uuidString: $0) }
    }
}

/// Reads timestamptz (any session time zone), timestamp (taken as UTC) and date (UTC midnight).
extension Date: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Date {
        try cell.parse(as: Date.self) { PostgresTimestamp.parse($0) }
    }
}

/// Reads numeric exactly; values with more than 38 significant digits (beyond Decimal) are rejected
/// rather than rounded.
extension Decimal: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Decimal {
        try cell.parse(as: Decimal.self) { text in
            if text == "NaN" { return Decimal.nan }
            var significant = 0
            var leading = true
            var trailingZeros = 0  // absorbed by Decimal's exponent, so they cost no mantissa digits
            for c in text.utf8 {
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    if leading && c == UInt8(ascii: "0") { continue }
                    leading = false
                    significant += 1
                    trailingZeros = c == UInt8(ascii: "0") ? trailingZeros + 1 : 0
                case UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"): continue
                default: return nil  // "Infinity", exponents: not numeric output Decimal can hold
                }
            }
            guard significant - trailingZeros <= 38 else { return nil }
            return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        }
    }
}

extension Data: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Data {
        try cell.parse(as: Data.self) { PostgresBytea.parse($0).map { Data($0) } }
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(from cell: PostgresCell) throws -> Wrapped? {
        cell.text == nil ? nil : try Wrapped.decode(from: cell)
    }
}
