/// Transaction isolation levels.
public enum PostgresIsolation: Sendable, Hashable {
    case readCommitted
    case repeatableRead
    /// Conflicting transactions fail with `.serializationFailure`; retry them whole.
    case serializable

    var beginStatement: String {
        switch self {
        case .readCommitted: "BEGIN ISOLATION LEVEL READ COMMITTED"
        case .repeatableRead: "BEGIN ISOLATION LEVEL REPEATABLE READ"
        case .serializable: "BEGIN ISOLATION LEVEL SERIALIZABLE"
        }
    }
}
