import Foundation
import PostgresClient

/// An address the `email` worker does not send transactional mail to.
public struct Suppression: Sendable, Equatable, Encodable {
    public var address: String
    /// What the server said (reply code and enhanced status, e.g. "550 5.1.1"), or an operator note.
    public var reason: String
    public var sourceCommandID: UUID?
    public var createdAt: Date
    /// `nil`: until an operator removes it.
    public var expiresAt: Date?

    static let columns: PostgresQuery = "address, reason, source_command_id, created_at, expires_at"

    init(row: PostgresRow) throws {
        address = try row.decode(String.self, column: "address")
        reason = try row.decode(String.self, column: "reason")
        sourceCommandID = try row.decode(UUID?.self, column: "source_command_id")
        createdAt = try row.decode(Date.self, column: "created_at")
        expiresAt = try row.decode(Date?.self, column: "expires_at")
    }
}
