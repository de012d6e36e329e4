/// A page of `GET /v1/notifications`: newest first, with the user's unread count.
public struct NotificationPage: Sendable, Encodable {
    public var notifications: [UserNotification]
    public var unreadCount: Int
    public var total: Int
    public var page: Int
    public var perPage: Int
}
