import Foundation
import Platform

/// The relay's settings, read once from environment variables at startup.
///
/// JWT secrets come from `IdentitySettings`, so the relay accepts exactly the tokens the HTTP
/// API issues.
public struct RelaySettings: Sendable {
    /// Interface to bind (`RELAY_HOST`, default 127.0.0.1).
    public var host: String
    /// `RELAY_PORT`, default 8081.
    public var port: Int
    /// How often each socket is pinged (`RELAY_PING_INTERVAL_SECONDS`, default 25); a peer that
    /// has not answered the previous ping by the next one is closed.
    public var pingInterval: Duration
    /// How long a socket may stay unauthenticated (5 s).
    public var authTimeout: Duration
    /// Frames queued per socket before it is closed as a slow consumer (`RELAY_SEND_BUFFER_FRAMES`,
    /// default 256). Bounds the memory a client that stops reading can hold.
    public var sendBufferFrames: Int
    /// Lifetime of a presence hash without refresh (60 s); refreshed every third of it.
    public var presenceTTL: Duration
    /// How long a socket may take to answer our close frame before its connection is dropped.
    public var closeGracePeriod: Duration
    /// Identifies this process in presence hashes; unique per process unless set.
    public var instanceID: String

    /// Test and benchmark settings: every value given explicitly.
    public init(
        host: String = "127.0.0.1", port: Int = 8081, pingInterval: Duration = .seconds(25),
        authTimeout: Duration = .seconds(5), sendBufferFrames: Int = 256, presenceTTL: Duration = .seconds(60),
        closeGracePeriod: Duration = .seconds(5), instanceID: String = RelaySettings.newInstanceID()
    ) {
        self.host = host
        self.port = port
        self.pingInterval = pingInterval
        self.authTimeout = authTimeout
        self.sendBufferFrames = sendBufferFrames
        self.presenceTTL = presenceTTL
        self.closeGracePeriod = closeGracePeriod
        self.instanceID = instanceID
    }

    /// Reads `RELAY_HOST`, `RELAY_PORT`, `RELAY_PING_INTERVAL_SECONDS`, `RELAY_SEND_BUFFER_FRAMES`
    /// and `RELAY_INSTANCE_ID`.
    /// - Throws: `ConfigurationError` naming the first invalid variable.
    public init(environment env: EnvironmentReader = EnvironmentReader()) throws {
        self.init(
            host: env.string("RELAY_HOST", default: "127.0.0.1"),
            port: try env.port("RELAY_PORT", default: 8081),
            pingInterval: .seconds(try env.integer("RELAY_PING_INTERVAL_SECONDS", default: 25, range: 1...3_600)),
            sendBufferFrames: try env.integer("RELAY_SEND_BUFFER_FRAMES", default: 256, range: 1...1_000_000),
            instanceID: env.string("RELAY_INSTANCE_ID", default: Self.newInstanceID())
        )
    }

    /// `<host name>-<8 random hex>`: readable in Redis, unique among relays on one machine.
    public static func newInstanceID() -> String {
        "\(ProcessInfo.processInfo.hostName)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}
