import Foundation

/// One result row. Its values were copied out of libpq's result as soon as the query finished, so
/// a row outlives the connection and can cross tasks freely.
public struct PostgresRow: Sendable {
    /// Column names and types shared by every row of one result.
    final class Layout: Sendable {
        let columns: [String]
        let types: [PostgresDataType]
        let indexByName: [String: Int]

        init(columns: [String], types: [PostgresDataType]) {
            self.columns = columns
            self.types = types
            var index: [String: Int] = [:]
            // With duplicate names (`SELECT a.id, b.id`), the first one wins, as in most drivers.
            for (position, name) in columns.enumerated() where index[name] == nil { index[name] = position }
            self.indexByName = index
        }
    }

    let layout: Layout
    let values: [String?]

    init(layout: Layout, values: [String?]) {
        self.layout = layout
        self.values = values
    }

    /// Column names, in result order.
    public var columns: [String] { layout.columns }

    /// The cell of the named column, or nil when the result has no such column.
    public subscript(column: String) -> PostgresCell? {
        layout.indexByName[column].map { self[$0] }
    }

    /// The cell at a column position (0-based).
    public subscript(index: Int) -> PostgresCell {
        PostgresCell(column: layout.columns[index], type: layout.types[index], text: values[index])
    }

    /// The number of columns.
    public var count: Int { values.count }

    /// Decodes the named column.
    /// - Throws: `PostgresError(.decoding)` when there is no such column, or it cannot be decoded.
    public func decode<T: PostgresDecodable>(_ type: T.Type, column: String) throws -> T {
        try T.decode(from: cell(named: column))
    }

    /// Decodes the column at `index` (0-based).
    /// - Throws: `PostgresError(.decoding)` when the index is out of range, or it cannot be decoded.
    public func decode<T: PostgresDecodable>(_ type: T.Type, at index: Int) throws -> T {
        guard values.indices.contains(index) else {
            throw PostgresError(code: .decoding, detail: "no column at index \(index)")
        }
        return try T.decode(from: self[index])
    }

    /// Decodes a json/jsonb (or text) column with `JSONDecoder`.
    /// - Throws: `PostgresError(.decoding)` when the column is missing, NULL, or not valid for `T`.
    public func decodeJSON<T: Decodable>(
        _ type: T.Type, column: String, decoder: JSONDecoder = JSONDecoder()
    ) throws -> T {
        let cell = try cell(named: column)
        let text = try cell.parse(as: String.self) { $0 }
        do {
            return try decoder.decode(T.self, from: Data(text.utf8))
        } catch {
            // DecodingError descriptions can quote the document; only the column and type are kept.
            throw PostgresError.decodingMismatch(cell, expected: T.self)
        }
    }

    private func cell(named column: String) throws -> PostgresCell {
        guard let cell = self[column] else {
            throw PostgresError(code: .decoding, detail: "no column named \"\(column)\"")
        }
        return cell
    }
}
