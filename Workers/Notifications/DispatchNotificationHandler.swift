import Foundation
import Notifications
import Pipeline
import Realtime

/// Handles `DispatchNotification`: stores the notification under the command id, then pushes
/// it to the user's stream and live sockets.
///
/// Storing is idempotent (the command id is the notification id). Pushing happens after the
/// row is committed and on every delivery of the command, so a crash between the two cannot
/// lose the push; the cost is that a redelivered command pushes again — the frame carries the
/// same notification `id`, which clients use to drop the repeat.
public struct DispatchNotificationHandler: CommandHandler {
    let store: NotificationStore
    let streams: UserStreamPublisher

    public init(store: NotificationStore, streams: UserStreamPublisher) {
        self.store = store
        self.streams = streams
    }

    public func handle(_ command: DispatchNotification, context: HandlerContext) async throws {
        guard let notification = try await store.store(id: context.commandID, command) else {
            // The recipient was deleted (RGPD erasure) after the command was issued.
            context.logger.info("notification recipient no longer exists; dropped")
            return
        }
        try await streams.publish(try NotificationFrame.encode(notification), to: command.userID)
    }
}
