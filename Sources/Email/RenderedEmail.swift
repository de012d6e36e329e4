/// An email rendered from a template, ready to be handed to the mail transport.
public struct RenderedEmail: Equatable, Sendable {
    /// A single trimmed line, safe to place in a `Subject` header.
    public let subject: String
    /// The `text/plain` body.
    public let text: String
    /// The `text/html` body, with every variable HTML-escaped.
    public let html: String

    /// Creates a rendered email from its three parts.
    public init(subject: String, text: String, html: String) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}
