import Foundation
import PostgresClient

/// A received provider event as admins see it (`GET /v1/admin/webhook-events`).
public struct WebhookEventRecord: Sendable, Codable, Equatable {
    public var id: String
    public var provider: String
    public var type: String
    public var objectID: String
    public var created: Date
    public var receivedAt: Date
    public var status: WebhookEventStatus
    public var error: String?
    public var attempts: Int
    public var processedAt: Date?

    static let columns: PostgresQuery = "id, provider, type, object_id, created, received_at, status, error, attempts, processed_at"

    init(row: PostgresRow) throws {
        id = try row.decode(String.self, column: "id")
        provider = try row.decode(String.self, column: "provider")
        type = try row.decode(String.self, column: "type")
        objectID = try row.decode(String.self, column: "object_id")
        created = try row.decode(Date.self, column: "created")
        receivedAt = try row.decode(Date.self, column: "received_at")
        status = WebhookEventStatus(rawValue: try row.decode(String.self, column: "status")) ?? .received
        error = try row.decode(String?.self, column: "error")
        attempts = try row.decode(Int.self, column: "attempts")
        processedAt = try row.decode(Date?.self, column: "processed_at")
    }
}
