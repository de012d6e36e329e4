import Foundation
import PostgresClient

/// `messaging.notifications`. Every read and change is scoped to the owner: another user's
/// notification is indistinguishable from a missing one.
public struct NotificationStore: Sendable {
    private let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    /// Stores a dispatched notification under `id` (the command id), once.
    /// - Returns: the stored notification, whether this call created it or an earlier delivery
    ///   of the same command did; nil when the user no longer exists.
    /// - Throws: `PostgresError`.
    public func store(id: UUID, _ command: DispatchNotification) async throws -> UserNotification? {
        let rows = try await postgres.query("""
            WITH inserted AS (
                INSERT INTO messaging.notifications (id, user_id, type, title, body, data)
                SELECT \(id), \(command.userID), \(command.type), \(command.title), \(command.body), \(try PostgresJSON(command.data))
                WHERE EXISTS (SELECT 1 FROM identity.users WHERE id = \(command.userID))
                ON CONFLICT (id) DO NOTHING
                RETURNING \(fragment: UserNotification.columns)
            )
            SELECT \(fragment: UserNotification.columns) FROM inserted
            UNION ALL
            SELECT \(fragment: UserNotification.columns) FROM messaging.notifications WHERE id = \(id)
            LIMIT 1
            """)
        return try rows.first.map(UserNotification.init(row:))
    }

    /// One page of a user's notifications, newest first.
    /// - Throws: `PostgresError`.
    public func page(userID: UUID, page: Int, perPage: Int) async throws -> NotificationPage {
        let offset = (page - 1) * perPage
        let rows = try await postgres.query("""
            SELECT \(fragment: UserNotification.columns) FROM messaging.notifications
            WHERE user_id = \(userID) ORDER BY created_at DESC, id DESC LIMIT \(perPage) OFFSET \(offset)
            """)
        let counts = try await postgres.query("""
            SELECT count(*) AS total, count(*) FILTER (WHERE read_at IS NULL) AS unread
            FROM messaging.notifications WHERE user_id = \(userID)
            """)
        let total = try counts.first?.decode(Int64.self, column: "total") ?? 0
        let unread = try counts.first?.decode(Int64.self, column: "unread") ?? 0
        return NotificationPage(notifications: try rows.map(UserNotification.init(row:)), unreadCount: Int(unread),
                                total: Int(total), page: page, perPage: perPage)
    }

    /// Marks one of the user's notifications read (kept read if it already was).
    /// - Returns: the notification, or nil when the user has no such notification.
    public func markRead(id: UUID, userID: UUID) async throws -> UserNotification? {
        let rows = try await postgres.query("""
            UPDATE messaging.notifications SET read_at = COALESCE(read_at, now())
            WHERE id = \(id) AND user_id = \(userID)
            RETURNING \(fragment: UserNotification.columns)
            """)
        return try rows.first.map(UserNotification.init(row:))
    }

    /// Marks every unread notification of the user read. - Returns: how many changed.
    public func markAllRead(userID: UUID) async throws -> Int {
        try await postgres.execute("""
            UPDATE messaging.notifications SET read_at = now() WHERE user_id = \(userID) AND read_at IS NULL
            """)
    }

    /// Deletes one of the user's notifications. - Returns: whether it existed.
    public func delete(id: UUID, userID: UUID) async throws -> Bool {
        try await postgres.execute("DELETE FROM messaging.notifications WHERE id = \(id) AND user_id = \(userID)") == 1
    }
}
