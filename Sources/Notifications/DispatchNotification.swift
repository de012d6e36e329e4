import Foundation
import Pipeline

/// "Tell this user": stored by the `notifications` worker, then pushed to the user's live
/// sockets and recovery stream. Modules raise notifications with this command, through the
/// outbox when they also write rows. Keyed by the recipient, so one user's notifications keep
/// their order.
public struct DispatchNotification: Command, Equatable {
    public static let commandType = CommandType("DispatchNotification", topic: "notifications.dispatch")

    public var userID: UUID
    /// A dotted kind clients switch on, e.g. `booking.confirmed`, `chat.message`.
    public var type: String
    public var title: String
    public var body: String
    /// Identifiers the client needs to open the subject (booking id, conversation id…).
    public var data: [String: String]

    public init(userID: UUID, type: String, title: String, body: String, data: [String: String] = [:]) {
        self.userID = userID
        self.type = type
        self.title = title
        self.body = body
        self.data = data
    }

    public var orderingKey: String { userID.uuidString.lowercased() }
}
