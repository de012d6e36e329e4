import Foundation
import PostgresClient

/// A row of `privacy.deletion_requests` as the user and admins see it.
public struct DeletionRequest: Sendable, Codable, Equatable {
    public var id: UUID
    public var userID: UUID
    public var reason: String?
    public var requestedAt: Date
    public var deletionDate: Date
    public var cancelledAt: Date?
    public var erasedAt: Date?

    static let columns: PostgresQuery = "id, user_id, reason, requested_at, deletion_date, cancelled_at, erased_at"

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        userID = try row.decode(UUID.self, column: "user_id")
        reason = try row.decode(String?.self, column: "reason")
        requestedAt = try row.decode(Date.self, column: "requested_at")
        deletionDate = try row.decode(Date.self, column: "deletion_date")
        cancelledAt = try row.decode(Date?.self, column: "cancelled_at")
        erasedAt = try row.decode(Date?.self, column: "erased_at")
    }
}
