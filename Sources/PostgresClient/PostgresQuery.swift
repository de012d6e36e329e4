/// A SQL statement whose every interpolated value is a bind parameter.
///
/// ```swift
/// let query: PostgresQuery = "SELECT * FROM users WHERE id = \(id) AND name = \(name)"
/// // sql: "SELECT * FROM users WHERE id = $1 AND name = $2", two binds
/// ```
///
/// Only three things can put text into the SQL: string literals written in code,
/// `\(identifier:)` (a double-quoted identifier) and `\(unescaped:)` (a `StaticString`, so also
/// fixed at compile time). There is deliberately no initialiser taking a runtime `String`.
public struct PostgresQuery: Sendable, ExpressibleByStringInterpolation, ExpressibleByStringLiteral {
    enum Segment: Sendable {
        case sql(String)
        case bind(Int)  // index into `binds`
    }

    struct Bind: Sendable {
        var type: PostgresDataType
        var value: PostgresValue
    }

    private(set) var segments: [Segment]
    private(set) var binds: [Bind]
    /// Set when a piece could not be represented (a NUL byte); execution throws it.
    private(set) var problem: PostgresError?

    /// The statement text with `$1`, `$2`… in place of values.
    public var sql: String {
        var text = ""
        for segment in segments {
            switch segment {
            case .sql(let piece): text += piece
            case .bind(let index): text += "$\(index + 1)"
            }
        }
        return text
    }

    /// The number of bind parameters.
    public var bindCount: Int { binds.count }

    /// The parameter types, in `$n` order.
    public var bindTypes: [PostgresDataType] { binds.map(\.type) }

    /// A statement without parameters, from a literal.
    public init(stringLiteral value: StaticString) {
        segments = [.sql(value.description)]
        binds = []
    }

    /// A statement built by interpolation (see `StringInterpolation`).
    public init(stringInterpolation: StringInterpolation) {
        self = stringInterpolation.query
    }

    /// Appends another query, renumbering its parameters after this one's.
    public mutating func append(_ other: PostgresQuery) {
        let offset = binds.count
        for segment in other.segments {
            switch segment {
            case .sql: segments.append(segment)
            case .bind(let index): segments.append(.bind(index + offset))
            }
        }
        binds += other.binds
        if problem == nil { problem = other.problem }
    }

    /// Builds queries from literals and interpolations; see `PostgresQuery`.
    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        public typealias StringLiteralType = StaticString

        var query = PostgresQuery(stringLiteral: "")

        /// Called by the compiler for each interpolated literal.
        public init(literalCapacity: Int, interpolationCount: Int) {
            query.segments.reserveCapacity(interpolationCount * 2 + 1)
            query.binds.reserveCapacity(interpolationCount)
        }

        /// Appends SQL written in code.
        public mutating func appendLiteral(_ literal: StaticString) {
            query.segments.append(.sql(literal.description))
        }

        /// Binds `value` as the next `$n` parameter.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            appendBind(value)
        }

        /// Binds an optional value as the next `$n` parameter (NULL when nil). A separate overload so
        /// the compiler does not warn about interpolating optionals.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            appendBind(value)
        }

        private mutating func appendBind<Value: PostgresEncodable>(_ value: Value) {
            let bind = Bind(type: Value.postgresDataType, value: value.postgresValue)
            if case .text(let text) = bind.value, text.utf8.contains(0), query.problem == nil {
                query.problem = PostgresError(
                    code: .invalidQuery, detail: "parameter $\(query.binds.count + 1) contains a NUL byte")
            }
            query.segments.append(.bind(query.binds.count))
            query.binds.append(bind)
        }

        /// Emits `name` as a double-quoted identifier (`"my ""odd"" table"`), for table or column
        /// names chosen by code. Case is preserved.
        public mutating func appendInterpolation(identifier name: String) {
            if name.utf8.contains(0) || name.isEmpty, query.problem == nil {
                query.problem = PostgresError(code: .invalidQuery, detail: "identifier is empty or contains a NUL byte")
            }
            query.segments.append(.sql("\"" + name.replacing("\"", with: "\"\"") + "\""))
        }

        /// Emits a SQL fragment fixed at compile time (e.g. a sort direction picked from constants).
        public mutating func appendInterpolation(unescaped fragment: StaticString) {
            query.segments.append(.sql(fragment.description))
        }

        /// Splices another query in place, renumbering its parameters (`"... WHERE \(fragment: filter)"`).
        /// Labelled so that `\("literal")` stays a bound String rather than becoming SQL.
        public mutating func appendInterpolation(fragment: PostgresQuery) {
            query.append(fragment)
        }
    }

    /// Checked right before sending: the representation problems recorded while building.
    func validated() throws -> PostgresQuery {
        if let problem { throw problem }
        // The protocol's Bind message counts parameters in 16 bits.
        guard binds.count <= 65_535 else {
            throw PostgresError(code: .invalidQuery, detail: "more than 65535 parameters")
        }
        // libpq takes lengths as C ints; PostgreSQL caps a value at 1 GB anyway.
        for bind in binds {
            if case .binary(let bytes) = bind.value, bytes.count > Int(Int32.max) {
                throw PostgresError(code: .invalidQuery, detail: "a binary parameter exceeds 2 GB")
            }
        }
        return self
    }
}
