import Foundation

/// The Redis names shared by the workers that publish and the relays that deliver.
///
/// Every relay process pattern-subscribes to `relay:user:*` and `relay:room:*` on one connection
/// and fans each message out to its own sockets, so any number of relays can run side by side.
public enum RealtimeChannels {
    /// Frames for every socket of one user (notifications, revocations of their tokens).
    public static func user(_ userID: UUID) -> String { "relay:user:\(userID.uuidString.lowercased())" }
    /// Frames for every socket that joined a room (see `RealtimeRoom`).
    public static func room(_ room: String) -> String { "relay:room:\(room)" }
    /// The capped stream of a user's recent frames, read to recover after a disconnect.
    public static func userStream(_ userID: UUID) -> String { "relay:stream:user:\(userID.uuidString.lowercased())" }
    /// Exists while at least one relay holds a socket of the user (refreshed by the relays).
    public static func presence(_ userID: UUID) -> String { "relay:presence:user:\(userID.uuidString.lowercased())" }

    /// What a relay subscribes to.
    public static let userPattern = "relay:user:*"
    public static let roomPattern = "relay:room:*"
    /// Published by Identity whenever tokens or sessions are revoked.
    public static let revoked = "auth.revoked"

    /// The user id at the end of a `user(_:)` channel name.
    public static func userID(inChannel channel: String) -> UUID? {
        guard channel.hasPrefix("relay:user:") else { return nil }
        return UUID(uuidString: String(channel.dropFirst("relay:user:".count)))
    }

    /// The room at the end of a `room(_:)` channel name.
    public static func room(inChannel channel: String) -> String? {
        guard channel.hasPrefix("relay:room:") else { return nil }
        let room = channel.dropFirst("relay:room:".count)
        return room.isEmpty ? nil : String(room)
    }
}
