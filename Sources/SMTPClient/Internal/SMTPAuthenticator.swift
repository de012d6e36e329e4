import Logging
import NIOCore

/// AUTH PLAIN (RFC 4616) and LOGIN, the mechanisms submission servers offer. The commands
/// carry the password, so nothing here logs a command or a challenge.
enum SMTPAuthenticator {
    static func authenticate(
        wire: SMTPWire,
        credentials: SMTPConfiguration.Credentials,
        preferences: [SMTPConfiguration.AuthMechanism],
        offered: Set<String>,
        timeout: TimeAmount,
        logger: Logger
    ) async throws {
        guard !offered.isEmpty else {
            throw SMTPError(.unsupportedByServer, stage: .auth, detail: "credentials are configured but the server does not offer AUTH")
        }
        guard let mechanism = preferences.first(where: { offered.contains($0.rawValue) }) else {
            throw SMTPError(.unsupportedByServer, stage: .auth, detail: "no common AUTH mechanism")
        }
        let user = Array(credentials.user.utf8)
        let password = Array(credentials.password.utf8)
        var reply: SMTPReply
        switch mechanism {
        case .plain:
            // Initial response in the command saves a round trip (RFC 4954 §4).
            reply = try await wire.command("AUTH PLAIN " + Base64.encode([0] + user + [0] + password), stage: .auth, timeout: timeout)
        case .login:
            reply = try await wire.command("AUTH LOGIN", stage: .auth, timeout: timeout)
            for secret in [user, password] {
                guard reply.code == 334 else { break }
                reply = try await wire.command(Base64.encode(secret), stage: .auth, timeout: timeout)
            }
        }
        guard reply.code == 235 else {
            throw SMTPError(.authenticationFailed, stage: .auth, reply: reply, detail: "server refused AUTH \(mechanism.rawValue)")
        }
        logger.debug("SMTP authenticated", metadata: ["smtp.auth": "\(mechanism.rawValue)"])
    }
}
