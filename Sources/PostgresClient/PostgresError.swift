/// The one error type of `PostgresClient`.
///
/// `description` is safe to log: it carries the error code, the SQLSTATE and at most the name of
/// the violated constraint, a column name or a fixed phrase written in this module. It never holds
/// SQL text, bound values, server messages (which can quote values) or connection passwords.
public struct PostgresError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, coarse enough to branch on.
    public enum Code: Sendable, Hashable, CustomStringConvertible {
        /// SQLSTATE 23505.
        case uniqueViolation
        /// SQLSTATE 23503.
        case foreignKeyViolation
        /// SQLSTATE 23502.
        case notNullViolation
        /// SQLSTATE 23514.
        case checkViolation
        /// SQLSTATE 40001: retry the whole transaction.
        case serializationFailure
        /// SQLSTATE 40P01: retry the whole transaction.
        case deadlockDetected
        /// SQLSTATE 42P01.
        case undefinedTable
        /// SQLSTATE 42601.
        case syntaxError
        /// The connection could not be opened or was lost (also SQLSTATE classes 08 and 57P).
        case connection
        /// Connecting took longer than the configured timeout, or a statement timed out (57014).
        case timeout
        /// The URL or the configuration is unusable.
        case invalidConfiguration
        /// A column could not be decoded into the requested Swift type.
        case decoding
        /// The query cannot be sent as built (NUL byte in a value or identifier, too many binds).
        case invalidQuery
        /// COMMIT answered ROLLBACK: a statement failed inside the transaction and was swallowed.
        case transactionAborted
        /// Any other server error, with its SQLSTATE.
        case server(String)
        /// The client was closed, or a leased connection was used outside its closure.
        case closed

        public var description: String {
            switch self {
            case .uniqueViolation: "uniqueViolation"
            case .foreignKeyViolation: "foreignKeyViolation"
            case .notNullViolation: "notNullViolation"
            case .checkViolation: "checkViolation"
            case .serializationFailure: "serializationFailure"
            case .deadlockDetected: "deadlockDetected"
            case .undefinedTable: "undefinedTable"
            case .syntaxError: "syntaxError"
            case .connection: "connection"
            case .timeout: "timeout"
            case .invalidConfiguration: "invalidConfiguration"
            case .decoding: "decoding"
            case .invalidQuery: "invalidQuery"
            case .transactionAborted: "transactionAborted"
            case .server(let sqlState): "server(\(sqlState))"
            case .closed: "closed"
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// The five-character SQLSTATE the server sent, when the error came from the server.
    public var sqlState: String?
    /// The violated constraint (unique, foreign key, check, not-null), as the server named it.
    public var constraint: String?
    /// True when running the same work again may succeed (serialization failure, deadlock,
    /// lost or refused connection, connect timeout).
    public var isRetryable: Bool
    /// A fixed phrase from this module adding context (never server text or values).
    var detail: String?
    /// libpq's reason for a failed connection attempt, for operator logs only; kept out of
    /// `description` because it is not this module's text.
    var connectionFailureReason: String?

    /// Creates an error; `isRetryable` defaults to what `code` implies.
    public init(code: Code, sqlState: String? = nil, constraint: String? = nil, isRetryable: Bool? = nil) {
        self.code = code
        self.sqlState = sqlState
        self.constraint = constraint
        self.isRetryable = isRetryable ?? Self.defaultRetryable(code)
        self.detail = nil
    }

    init(code: Code, detail: String, sqlState: String? = nil, isRetryable: Bool? = nil) {
        self.init(code: code, sqlState: sqlState, isRetryable: isRetryable)
        self.detail = detail
    }

    /// Maps a server error to a code; `constraint` is the server's PG_DIAG_CONSTRAINT_NAME.
    static func fromServer(sqlState: String?, constraint: String?) -> PostgresError {
        guard let sqlState else {
            return PostgresError(code: .server("XX000"), detail: "server error without SQLSTATE")
        }
        let code: Code
        switch sqlState {
        case "23505": code = .uniqueViolation
        case "23503": code = .foreignKeyViolation
        case "23502": code = .notNullViolation
        case "23514": code = .checkViolation
        case "40001": code = .serializationFailure
        case "40P01": code = .deadlockDetected
        case "42P01": code = .undefinedTable
        case "42601": code = .syntaxError
        case "57014": code = .timeout
        case "57P01", "57P02", "57P03": code = .connection
        default: code = sqlState.hasPrefix("08") ? .connection : .server(sqlState)
        }
        // A cancelled statement may be cancelled again; a server-side timeout is not worth a blind retry.
        let retryable: Bool? = switch sqlState {
        case "57014": false
        case "53300": true  // too_many_connections: transient once other clients let go
        default: nil
        }
        return PostgresError(code: code, sqlState: sqlState, constraint: constraint, isRetryable: retryable)
    }

    private static func defaultRetryable(_ code: Code) -> Bool {
        switch code {
        case .serializationFailure, .deadlockDetected, .connection, .timeout: true
        default: false
        }
    }

    public var description: String {
        var text = "PostgresError(\(code)"
        if let sqlState { text += ", SQLSTATE \(sqlState)" }
        if let constraint { text += ", constraint \"\(constraint)\"" }
        if let detail { text += ": \(detail)" }
        return text + ")"
    }
}
