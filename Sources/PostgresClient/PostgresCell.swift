/// One value of a result row, copied out of libpq's result in text form.
public struct PostgresCell: Sendable, Hashable {
    /// The column's name as the server reported it.
    public var column: String
    /// The column's type.
    public var type: PostgresDataType
    /// The value in PostgreSQL's text output format; nil for SQL NULL.
    public var text: String?

    /// Creates a cell (for decoding tests and array elements).
    public init(column: String, type: PostgresDataType, text: String?) {
        self.column = column
        self.type = type
        self.text = text
    }

    /// True for SQL NULL.
    public var isNull: Bool { text == nil }

    /// Decodes the cell (see `PostgresDecodable`).
    /// - Throws: `PostgresError` with code `.decoding`, naming the column and the expected type.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self) throws -> T {
        try T.decode(from: self)
    }
}
