import Foundation

/// A type whose Swift arrays map to a one-dimensional PostgreSQL array (`text[]`, `int8[]`, …).
///
/// Arrays are sent as array literals in text form (`{"a","b",NULL}`) with every element quoted and
/// escaped, and decoded from the server's array text output, including quoted elements, escapes and
/// NULL. `[UInt8]` is the exception: it is bytea.
public protocol PostgresArrayElement: PostgresEncodable, PostgresDecodable {
    /// The OID of a PostgreSQL array whose elements have this type (e.g. `.textArray` for String).
    static var postgresElementArrayType: PostgresDataType { get }
    /// The OID `[Self]` is sent as; the element array type unless overridden (bytea for UInt8).
    static var postgresArrayDataType: PostgresDataType { get }
    /// Encodes `[Self]`.
    static func postgresArrayValue(_ elements: [Self]) -> PostgresValue
    /// Decodes `[Self]` from a cell.
    static func decodePostgresArray(from cell: PostgresCell) throws -> [Self]
}

extension PostgresArrayElement {
    public static var postgresArrayDataType: PostgresDataType { postgresElementArrayType }

    public static func postgresArrayValue(_ elements: [Self]) -> PostgresValue {
        .text(PostgresArrayLiteral.format(elements.map(\.postgresValue)))
    }

    public static func decodePostgresArray(from cell: PostgresCell) throws -> [Self] {
        guard let text = cell.text else { throw PostgresError.decodingNull(cell, expected: [Self].self) }
        guard let items = PostgresArrayLiteral.parse(text) else {
            throw PostgresError.decodingMismatch(cell, expected: [Self].self)
        }
        return try items.map { item in
            try Self.decode(from: PostgresCell(column: cell.column, type: .unspecified, text: item))
        }
    }
}

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    public static var postgresDataType: PostgresDataType { Element.postgresArrayDataType }
    public var postgresValue: PostgresValue { Element.postgresArrayValue(self) }
}

extension Array: PostgresDecodable where Element: PostgresArrayElement {
    public static func decode(from cell: PostgresCell) throws -> [Element] {
        try Element.decodePostgresArray(from: cell)
    }
}

extension String: PostgresArrayElement {
    public static var postgresElementArrayType: PostgresDataType { .textArray }
}

extension Int: PostgresArrayElement {
    public static var postgresElementArrayType: PostgresDataType { .int8Array }
}

extension Int64: PostgresArrayElement {
    public static var postgresElementArrayType: PostgresDataType { .int8Array }
}

extension Int32: PostgresArrayElement {
    public static var postgresElementArrayType: PostgresDataType { .int4Array }
}

extension Int16: PostgresArrayElement {
    public static var postgresElementArrayType: PostgresDataType { .int2Array }
}

extension Bool: PostgresArrayElement {
    public static var postgresElementArrayType: PostgresDataType { .boolArray }
}

extension Double: PostgresArrayElement {
    public static var postgresElementArrayType: PostgresDataType { .float8Array }
}

extension UUID: PostgresArrayElement {
    public static var postgresElementArrayType: PostgresDataType { .uuidArray }
}

/// `[UInt8]` is bytea (sent in binary, decoded from hex or escape output), not smallint[].
extension UInt8: PostgresArrayElement {
    public static var postgresElementArrayType: PostgresDataType { .int2Array }
    public static var postgresArrayDataType: PostgresDataType { .bytea }

    public static func postgresArrayValue(_ elements: [UInt8]) -> PostgresValue { .binary(elements) }

    public static func decodePostgresArray(from cell: PostgresCell) throws -> [UInt8] {
        guard let text = cell.text else { throw PostgresError.decodingNull(cell, expected: [UInt8].self) }
        guard let bytes = PostgresBytea.parse(text) else {
            throw PostgresError.decodingMismatch(cell, expected: [UInt8].self)
        }
        return bytes
    }
}

/// Arrays with NULL elements: `[String?]`, `[Int?]`, `[UUID?]`…
extension Optional: PostgresArrayElement where Wrapped: PostgresArrayElement {
    // The wrapped type's *element* array type: `[UInt8?]` is smallint[], never bytea.
    public static var postgresElementArrayType: PostgresDataType { Wrapped.postgresElementArrayType }
    public static var postgresArrayDataType: PostgresDataType { Wrapped.postgresElementArrayType }
}
