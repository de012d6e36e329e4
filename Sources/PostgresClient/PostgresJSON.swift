import Foundation

/// A value bound as jsonb, encoded with `JSONEncoder` when the wrapper is created.
///
/// ```swift
/// try await db.execute("INSERT INTO events (body) VALUES (\(try PostgresJSON(event)))")
/// ```
public struct PostgresJSON<Value: Encodable & Sendable>: PostgresEncodable {
    /// The wrapped value.
    public let value: Value
    /// The JSON text sent to the server.
    public let json: String

    /// Encodes `value` now, so encoding errors surface here rather than at execution.
    /// - Throws: whatever `JSONEncoder` throws.
    public init(_ value: Value, encoder: JSONEncoder = JSONEncoder()) throws {
        self.value = value
        self.json = String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public static var postgresDataType: PostgresDataType { .jsonb }
    public var postgresValue: PostgresValue { .text(json) }
}

/// JSON text bound as jsonb without going through `Encodable` (the server validates it).
public struct PostgresRawJSON: PostgresEncodable, PostgresDecodable, Hashable {
    /// The JSON text.
    public let json: String

    /// Wraps JSON text.
    public init(_ json: String) { self.json = json }

    /// Wraps UTF-8 JSON bytes (invalid UTF-8 becomes U+FFFD, which the server then rejects or keeps).
    public init(bytes: [UInt8]) { self.json = String(decoding: bytes, as: UTF8.self) }

    public static var postgresDataType: PostgresDataType { .jsonb }
    public var postgresValue: PostgresValue { .text(json) }

    /// Reads a json/jsonb column as text.
    public static func decode(from cell: PostgresCell) throws -> PostgresRawJSON {
        PostgresRawJSON(try String.decode(from: cell))
    }
}
