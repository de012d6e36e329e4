/// What the server said when it accepted a message.
public struct SMTPDelivery: Sendable, Hashable {
    /// The envelope recipients the server accepted (all of them: a refused recipient fails the send).
    public let acceptedRecipients: [String]
    /// The reply to the end of DATA; its text usually carries the server's queue id.
    public let reply: SMTPReply

    public init(acceptedRecipients: [String], reply: SMTPReply) {
        self.acceptedRecipients = acceptedRecipients
        self.reply = reply
    }
}
