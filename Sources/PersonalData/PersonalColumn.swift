/// One column holding personal data, declared by the store that handles it.
public struct PersonalColumn: Sendable, Hashable {
    /// `schema.table`.
    public let table: String
    public let column: String
    public let policy: ErasurePolicy

    public init(_ table: String, _ column: String, _ policy: ErasurePolicy) {
        self.table = table
        self.column = column
        self.policy = policy
    }

    /// `schema.table.column`, the form the schema check compares.
    public var qualifiedName: String { "\(table).\(column)" }
}
