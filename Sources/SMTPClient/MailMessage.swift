import Foundation

/// An email to render with ``MIMEWriter`` and send with ``SMTPClient``.
///
/// Bodies are Unicode text; line endings may be LF or CRLF. With an HTML body the message becomes
/// `multipart/alternative` with the text first, as RFC 2046 orders alternatives from plainest.
public struct MailMessage: Sendable {
    /// A header added after the standard ones, such as `List-Unsubscribe` or `X-Relais-Command-ID`.
    public struct Header: Sendable, Hashable {
        /// The field name: printable ASCII without ":" or spaces.
        public var name: String
        /// The field value: any text without line breaks; non-ASCII text is RFC 2047 encoded.
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The `From` mailbox.
    public var from: MailAddress
    /// The `To` mailboxes.
    public var to: [MailAddress]
    /// The `Reply-To` mailbox, if different from `from`.
    public var replyTo: MailAddress?
    /// The subject, any Unicode text without line breaks.
    public var subject: String
    /// The plain-text body; always sent.
    public var textBody: String
    /// The HTML body; when present the message carries both versions.
    public var htmlBody: String?
    /// The `Message-ID` without angle brackets, such as `5f2c…@example.com`. Keep it when
    /// sending the same message again so receivers can drop the duplicate.
    public var messageID: String
    /// The `Date` header.
    public var date: Date
    /// Extra headers; they cannot replace the headers the writer produces.
    public var headers: [Header]

    /// Creates a message. `messageID` defaults to a random UUID at the sender's domain.
    public init(
        from: MailAddress,
        to: [MailAddress],
        replyTo: MailAddress? = nil,
        subject: String,
        textBody: String,
        htmlBody: String? = nil,
        messageID: String? = nil,
        date: Date = Date(),
        headers: [Header] = []
    ) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.messageID = messageID ?? Self.makeMessageID(domain: from.domain)
        self.date = date
        self.headers = headers
    }

    /// A globally unique id: a random UUID (122 random bits) at the sender's domain, which
    /// is the part RFC 5322 §3.6.4 suggests for uniqueness across hosts.
    static func makeMessageID(domain: Substring) -> String {
        let safeDomain = domain.utf8.allSatisfy({ $0 < 0x80 }) && !domain.hasPrefix("[") ? String(domain) : "relais.invalid"
        return "\(UUID().uuidString.lowercased())@\(safeDomain)"
    }
}
