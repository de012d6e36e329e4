/// One NOTIFY received by a listener, or a marker saying the listener reconnected.
public struct PostgresNotification: Sendable, Hashable {
    /// The channel name, exactly as given to `pg_notify` / `LISTEN`.
    public var channel: String
    /// The payload (empty when none was sent).
    public var payload: String
    /// The server process that sent the notification (0 for a reconnect marker).
    public var processID: Int32
    /// True for a marker delivered after the listener lost its connection and LISTENed again.
    /// Notifications sent while it was disconnected are lost, so a consumer that relies on them
    /// (the outbox publisher) should rescan its table when it sees one.
    public var isReconnect: Bool

    public init(channel: String, payload: String, processID: Int32 = 0, isReconnect: Bool = false) {
        self.channel = channel
        self.payload = payload
        self.processID = processID
        self.isReconnect = isReconnect
    }
}
