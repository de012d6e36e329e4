import Foundation
import PostgresClient

/// A row of `privacy.exports` as its owner sees it (without the document).
public struct DataExport: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        case pending, ready, downloaded, expired
    }

    public var id: UUID
    public var status: Status
    public var requestedAt: Date
    public var readyAt: Date?
    public var expiresAt: Date?
    public var downloadedAt: Date?

    static let columns: PostgresQuery = "id, status, requested_at, ready_at, expires_at, downloaded_at"

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        status = Status(rawValue: try row.decode(String.self, column: "status")) ?? .pending
        requestedAt = try row.decode(Date.self, column: "requested_at")
        readyAt = try row.decode(Date?.self, column: "ready_at")
        expiresAt = try row.decode(Date?.self, column: "expires_at")
        downloadedAt = try row.decode(Date?.self, column: "downloaded_at")
    }
}
