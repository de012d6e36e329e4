import Foundation
import PersonalData
import PostgresClient

/// The user's notifications: exported whole, deleted on erasure.
public struct NotificationsPersonalData: PersonalDataStore {
    public let name = "notifications"
    public let version = 1

    public init() {}

    public var columns: [PersonalColumn] {
        [PersonalColumn("messaging.notifications", "user_id", .delete)]
    }

    public func export(_ userID: UUID, on connection: PostgresConnection) async throws -> [ExportPart] {
        [
            try await ExportPart.rows("notifications", """
                SELECT id, type, title, body, data, read_at, created_at FROM messaging.notifications
                WHERE user_id = \(userID) ORDER BY created_at
                """, on: connection),
        ]
    }

    public func erase(_ subject: ErasureSubject, on connection: PostgresConnection) async throws -> Int {
        try await connection.execute("DELETE FROM messaging.notifications WHERE user_id = \(subject.userID)")
    }
}
