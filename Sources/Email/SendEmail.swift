import Pipeline

/// "Send this email": rendered from a template by the `email` worker and delivered over SMTP.
///
/// Producers fill the template's variables already formatted for `locale` (dates, amounts), and
/// send the command through the outbox when they also write rows. Keyed by the recipient, so
/// the emails of one recipient leave in the order they were asked for.
public struct SendEmail: Command, Equatable {
    public static let commandType = CommandType("SendEmail", topic: "email.send")

    public var template: EmailTemplateID
    public var locale: EmailLocale
    /// The recipient's address.
    public var to: String
    /// The recipient's display name, when known.
    public var toName: String?
    /// Exactly the template's `requiredVariables`.
    public var variables: [String: String]
    public var replyTo: String?
    /// `security` mail is attempted even to a suppressed address.
    public var category: EmailCategory

    public init(template: EmailTemplateID, locale: EmailLocale = .default, to: String, toName: String? = nil,
                variables: [String: String], replyTo: String? = nil, category: EmailCategory? = nil) {
        self.template = template
        self.locale = locale
        self.to = to
        self.toName = toName
        self.variables = variables
        self.replyTo = replyTo
        self.category = category ?? template.defaultCategory
    }

    /// The recipient as stored in the delivery log and the suppression list.
    public var normalizedRecipient: String { EmailAddressText.normalize(to) }

    /// A digest of the normalised address rather than the address: keys show up in dead-letter
    /// listings and broker tools, which should not display personal data.
    public var orderingKey: String { EmailAddressText.orderingKey(normalizedRecipient) }
}
