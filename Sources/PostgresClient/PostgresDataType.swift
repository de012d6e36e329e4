/// A PostgreSQL type, identified by its OID (`pg_type.oid`).
public struct PostgresDataType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The type's OID.
    public var rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Lets the server infer the parameter's type from the statement.
    public static let unspecified = PostgresDataType(rawValue: 0)
    public static let bool = PostgresDataType(rawValue: 16)
    public static let bytea = PostgresDataType(rawValue: 17)
    public static let name = PostgresDataType(rawValue: 19)
    public static let int8 = PostgresDataType(rawValue: 20)
    public static let int2 = PostgresDataType(rawValue: 21)
    public static let int4 = PostgresDataType(rawValue: 23)
    public static let text = PostgresDataType(rawValue: 25)
    public static let oid = PostgresDataType(rawValue: 26)
    public static let json = PostgresDataType(rawValue: 114)
    public static let float4 = PostgresDataType(rawValue: 700)
    public static let float8 = PostgresDataType(rawValue: 701)
    public static let boolArray = PostgresDataType(rawValue: 1000)
    public static let int2Array = PostgresDataType(rawValue: 1005)
    public static let int4Array = PostgresDataType(rawValue: 1007)
    public static let textArray = PostgresDataType(rawValue: 1009)
    public static let varcharArray = PostgresDataType(rawValue: 1015)
    public static let int8Array = PostgresDataType(rawValue: 1016)
    public static let float8Array = PostgresDataType(rawValue: 1022)
    public static let bpchar = PostgresDataType(rawValue: 1042)
    public static let varchar = PostgresDataType(rawValue: 1043)
    public static let date = PostgresDataType(rawValue: 1082)
    public static let timestamp = PostgresDataType(rawValue: 1114)
    public static let timestamptz = PostgresDataType(rawValue: 1184)
    public static let numeric = PostgresDataType(rawValue: 1700)
    public static let uuid = PostgresDataType(rawValue: 2950)
    public static let uuidArray = PostgresDataType(rawValue: 2951)
    public static let jsonb = PostgresDataType(rawValue: 3802)
    public static let jsonbArray = PostgresDataType(rawValue: 3807)

    public var description: String {
        switch self {
        case .bool: "bool"
        case .bytea: "bytea"
        case .int8: "int8"
        case .int2: "int2"
        case .int4: "int4"
        case .text: "text"
        case .varchar: "varchar"
        case .float8: "float8"
        case .timestamptz: "timestamptz"
        case .timestamp: "timestamp"
        case .date: "date"
        case .numeric: "numeric"
        case .uuid: "uuid"
        case .jsonb: "jsonb"
        case .json: "json"
        case .textArray: "text[]"
        case .int8Array: "int8[]"
        case .uuidArray: "uuid[]"
        case .boolArray: "bool[]"
        default: "oid \(rawValue)"
        }
    }
}
