/// Why the relay closes a socket: the WebSocket close code and a short reason for the client.
/// Reasons never carry the token or any other input the client sent.
public struct RelayClose: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: UInt16
    public let reason: String

    public init(code: UInt16, reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "\(code) \(reason)" }

    public static let invalidToken = RelayClose(code: 4401, reason: "invalid token")
    public static let tokenExpired = RelayClose(code: 4401, reason: "token expired")
    public static let tokenRevoked = RelayClose(code: 4401, reason: "token revoked")
    public static let authenticationTimeout = RelayClose(code: 4401, reason: "authentication timeout")
    public static let authenticationRequired = RelayClose(code: 4401, reason: "authentication required")
    public static let roomForbidden = RelayClose(code: 4403, reason: "not a participant of this room")
    public static let slowConsumer = RelayClose(code: 4408, reason: "slow consumer")
    public static let goingAway = RelayClose(code: 1001, reason: "going away")
    /// A dependency (Redis) failed while authenticating: the client may retry.
    public static let unavailable = RelayClose(code: 1013, reason: "try again later")
}
