import Foundation

/// A Swift value that can be bound as a query parameter (`$n`).
///
/// Values travel in PostgreSQL's text input format with an explicit type OID, except bytea, which
/// is sent in binary. Conform your own types by mapping them onto one of these; a `RawRepresentable`
/// type whose raw value is encodable only needs `extension MyEnum: PostgresEncodable {}`.
public protocol PostgresEncodable: Sendable {
    /// The type OID sent with the parameter (`.unspecified` lets the server infer it).
    static var postgresDataType: PostgresDataType { get }
    /// The value as sent to the server.
    var postgresValue: PostgresValue { get }
}

extension PostgresEncodable where Self: RawRepresentable, RawValue: PostgresEncodable {
    public static var postgresDataType: PostgresDataType { RawValue.postgresDataType }
    public var postgresValue: PostgresValue { rawValue.postgresValue }
}

extension String: PostgresEncodable {
    public static var postgresDataType: PostgresDataType { .text }
    public var postgresValue: PostgresValue { .text(self) }
}

extension Int: PostgresEncodable {
    public static var postgresDataType: PostgresDataType { .int8 }
    public var postgresValue: PostgresValue { .text(String(self)) }
}

extension Int64: PostgresEncodable {
    public static var postgresDataType: PostgresDataType { .int8 }
    public var postgresValue: PostgresValue { .text(String(self)) }
}

extension Int32: PostgresEncodable {
    public static var postgresDataType: PostgresDataType { .int4 }
    public var postgresValue: PostgresValue { .text(String(self)) }
}

extension Int16: PostgresEncodable {
    public static var postgresDataType: PostgresDataType { .int2 }
    public var postgresValue: PostgresValue { .text(String(self)) }
}

/// A single byte travels as smallint; an array of bytes (`[UInt8]`) travels as bytea.
extension UInt8: PostgresEncodable {
    public static var postgresDataType: PostgresDataType { .int2 }
    public var postgresValue: PostgresValue { .text(String(self)) }
}

extension Bool: PostgresEncodable {
    public static var postgresDataType: PostgresDataType { .bool }
    public var postgresValue: PostgresValue { .text(self ? "t" : "f") }
}

extension Double: PostgresEncodable {
    public static var postgresDataType: PostgresDataType { .float8 }
    public var postgresValue: PostgresValue {
        // Swift spells these "inf"/"nan"; PostgreSQL's documented spellings are unambiguous.
        if isNaN { return .text("NaN") }
        if isInfinite { return .text(self < 0 ? "-Infinity" : "Infinity") }
        return .text(description)
    }
}

extension UUID: PostgresEncodable {
    public static var postgresDataType: PostgresDataType { .uuid }
    public var postgresValue: PostgresValue { .text(uuidString) }
}

/// Sent as timestamptz in UTC with microsecond precision.
extension Date: PostgresEncodable {
    public static var postgresDataType: PostgresDataType { .timestamptz }
    public var postgresValue: PostgresValue { .text(PostgresTimestamp.format(self)) }
}

/// Sent as numeric through its exact decimal string, never through Double.
extension Decimal: PostgresEncodable {
    public static var postgresDataType: PostgresDataType { .numeric }
    public var postgresValue: PostgresValue {
        // `description` is locale-independent and exact for every finite Decimal.
        .text(isNaN ? "NaN" : description)
    }
}

extension Data: PostgresEncodable {
    public static var postgresDataType: PostgresDataType { .bytea }
    public var postgresValue: PostgresValue { .binary([UInt8](self)) }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    /// NULL is sent with the wrapped type's OID so `SELECT \(nilInt)` still has a type.
    public static var postgresDataType: PostgresDataType { Wrapped.postgresDataType }
    public var postgresValue: PostgresValue {
        switch self {
        case .none: .null
        case .some(let value): value.postgresValue
        }
    }
}
