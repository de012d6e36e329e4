/// The one error type of the SMTPClient module.
///
/// `description` is safe to log: it never contains passwords, message content or addresses
/// (address-like words in the server's text are replaced). The full server reply and the rejected
/// recipients stay available in ``reply`` and ``rejectedRecipients`` for the caller to classify.
public struct SMTPError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable {
        /// `SMTP_URL` or another setting cannot be used (bad scheme, port, CA file).
        case invalidConfiguration
        /// The TCP connection could not be made, or the server closed it.
        case connectionFailed
        /// A step did not finish in time; the connection was closed.
        case timeout
        /// The TLS handshake failed (untrusted certificate, wrong host name) or STARTTLS was refused.
        case tlsFailed
        /// The server refused the credentials (see ``reply``).
        case authenticationFailed
        /// The server refused the greeting, sender, a recipient, DATA or the message (see ``reply``).
        case rejected
        /// The server sent something that is not SMTP.
        case protocolViolation
        /// An envelope or header address is not a valid mailbox.
        case invalidAddress
        /// The message cannot be rendered (a header name or value that is not allowed).
        case invalidMessage
        /// The server lacks an extension the message or the configuration needs (SMTPUTF8,
        /// STARTTLS with credentials, AUTH).
        case unsupportedByServer
        /// The client was shut down.
        case shutDown
    }

    /// The step during which the error happened.
    public enum Stage: String, Sendable, Hashable {
        /// Before any network traffic: configuration, address checks, rendering.
        case prepare
        case connect, greeting, ehlo, starttls, auth
        /// The RSET that starts a transaction on a reused connection.
        case reset
        case mailFrom, rcptTo, data, dataEnd
    }

    /// What went wrong.
    public let code: Code
    /// The step during which it happened.
    public let stage: Stage
    /// The server's reply that caused the error, if any.
    public let reply: SMTPReply?
    /// The envelope recipients the server refused (only for `.rejected` at `.rcptTo`).
    /// Personal data: never part of ``description``.
    public let rejectedRecipients: [String]
    /// A short explanation written by this module; contains no personal data or secrets.
    public let detail: String

    /// Creates an error.
    public init(
        _ code: Code,
        stage: Stage,
        reply: SMTPReply? = nil,
        rejectedRecipients: [String] = [],
        detail: String = ""
    ) {
        self.code = code
        self.stage = stage
        self.reply = reply
        self.rejectedRecipients = rejectedRecipients
        self.detail = detail
    }

    /// Whether sending the same message again later may succeed: timeouts, lost connections,
    /// and 4xx replies are temporary; everything else needs a change first.
    public var isRetryable: Bool {
        if let reply { return reply.isTransientFailure }
        switch code {
        case .connectionFailed, .timeout, .protocolViolation:
            return true
        case .invalidConfiguration, .tlsFailed, .authenticationFailed, .rejected, .invalidAddress,
             .invalidMessage, .unsupportedByServer, .shutDown:
            return false
        }
    }

    public var description: String {
        var text = "SMTP \(code.rawValue) at \(stage.rawValue)"
        if !detail.isEmpty { text += ": \(detail)" }
        if let reply { text += " (server replied \(reply))" }
        if !rejectedRecipients.isEmpty { text += " [\(rejectedRecipients.count) recipient(s) refused]" }
        return text
    }
}
