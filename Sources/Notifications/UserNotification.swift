import Foundation
import PostgresClient

/// One stored notification, as the API and the live frame show it.
public struct UserNotification: Sendable, Equatable, Codable {
    public var id: UUID
    public var type: String
    public var title: String
    public var body: String
    public var data: [String: String]
    public var readAt: Date?
    public var createdAt: Date

    static let columns: PostgresQuery = "id, type, title, body, data, read_at, created_at"

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        type = try row.decode(String.self, column: "type")
        title = try row.decode(String.self, column: "title")
        body = try row.decode(String.self, column: "body")
        data = try row.decodeJSON([String: String].self, column: "data")
        readAt = try row.decode(Date?.self, column: "read_at")
        createdAt = try row.decode(Date.self, column: "created_at")
    }
}
