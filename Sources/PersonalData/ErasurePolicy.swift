/// What an erasure does to a column, with the reason shown in docs and receipts.
public enum ErasurePolicy: Sendable, Hashable {
    /// The rows are deleted.
    case delete
    /// The value is replaced (an anonymous placeholder, an empty text, null).
    case anonymise(String)
    /// Kept as is, for the stated reason (accounting, security audit); the row then points at
    /// the anonymous account, which no longer identifies anyone.
    case keep(String)

    public var summary: String {
        switch self {
        case .delete: "deleted"
        case let .anonymise(how): "anonymised: \(how)"
        case let .keep(why): "kept: \(why)"
        }
    }
}
