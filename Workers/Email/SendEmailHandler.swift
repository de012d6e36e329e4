import Email
import Foundation
import Logging
import Metrics
import Pipeline
import SMTPClient

/// Delivers one `SendEmail` command: delivery log first (idempotency), suppression check,
/// template rendering, SMTP, then the outcome table decides between sent, retry and give up.
///
/// Idempotency and its window are described on `DeliveryLogStore`: a command already `sent` is
/// acknowledged without sending; a crash between the server's 250 and the `sent` commit can send
/// it twice, with the same Message-ID.
public struct SendEmailHandler: CommandHandler {
    let templates: EmailTemplateCatalogue
    let smtp: SMTPClient
    let sender: MailAddress
    let deliveries: DeliveryLogStore
    let suppressions: SuppressionStore
    let rules: OutcomeRules
    /// The topic's retry budget: the attempt that reaches it records `failed`, not `deferred`,
    /// because the runtime dead-letters it next.
    let maxAttempts: Int

    public init(templates: EmailTemplateCatalogue, smtp: SMTPClient, sender: MailAddress, deliveries: DeliveryLogStore,
                suppressions: SuppressionStore, rules: OutcomeRules = .defaults, maxAttempts: Int) {
        self.templates = templates
        self.smtp = smtp
        self.sender = sender
        self.deliveries = deliveries
        self.suppressions = suppressions
        self.rules = rules
        self.maxAttempts = maxAttempts
    }

    public func handle(_ email: SendEmail, context: HandlerContext) async throws {
        // Logged lines carry the template and category; built only for a line that is written.
        func log(_ level: Logger.Level, _ message: @autoclosure () -> Logger.Message, _ extra: Logger.Metadata = [:]) {
            context.log(level, message(), metadata: Self.metadata(of: email).merging(extra) { $1 })
        }
        let messageID = "\(context.commandID.uuidString.lowercased())@\(sender.domain)"

        let suppressed: Bool
        switch try await deliveries.begin(commandID: context.commandID, email: email, messageID: messageID) {
        case .alreadySent:
            log(.info, "email already sent for this command; acknowledged without sending")
            count("duplicate")
            return
        case .attempt(_, let interrupted, let recipientSuppressed):
            if interrupted { log(.warning, "an earlier attempt stopped mid-transaction; its outcome is unknown, sending again") }
            suppressed = recipientSuppressed
        }

        if email.category == .transactional, suppressed {
            try await deliveries.finish(commandID: context.commandID, status: .suppressed, reply: nil)
            log(.info, "recipient is on the suppression list; transactional email not sent")
            count("suppressed")
            return
        }

        let message = try await compose(email, messageID: messageID, context: context)
        do {
            let delivery = try await smtp.send(message)
            try await deliveries.finish(commandID: context.commandID, status: .sent, reply: delivery.reply.description)
            log(.info, "email sent", ["smtp_reply": "\(delivery.reply.code)"])
            count("sent")
        } catch let error as SMTPError {
            try await settle(error, email: email, context: context)
        }
    }

    /// Renders the template and builds the message; a failure here is permanent (the command
    /// itself is wrong) and is recorded before it is thrown.
    private func compose(_ email: SendEmail, messageID: String, context: HandlerContext) async throws -> MailMessage {
        do {
            let rendered = try templates.render(email.template, locale: email.locale, variables: email.variables)
            return MailMessage(
                from: sender, to: [try MailAddress(email.to, displayName: email.toName)],
                replyTo: try email.replyTo.map { try MailAddress(parsing: $0) },
                subject: rendered.subject, textBody: rendered.text, htmlBody: rendered.html,
                messageID: messageID, headers: [MailMessage.Header(name: "X-Relais-Command-ID", value: context.commandID.uuidString.lowercased())])
        } catch {
            let reason = (error as? EmailTemplateError).map { "\($0)" } ?? "\(error)"
            try await deliveries.finish(commandID: context.commandID, status: .failed, reply: reason)
            count("failed")
            throw HandlerFailure.permanent("email_not_composable", reason)
        }
    }

    private static func metadata(of email: SendEmail) -> Logger.Metadata {
        ["template": "\(email.template.rawValue)", "category": "\(email.category.rawValue)"]
    }

    private func settle(_ error: SMTPError, email: SendEmail, context: HandlerContext) async throws {
        let decision = decide(error)
        let reply = error.reply?.description ?? "\(error.code.rawValue) at \(error.stage.rawValue)"
        var logger = context.logger
        for (key, value) in Self.metadata(of: email) { logger[metadataKey: key] = value }
        logger[metadataKey: "smtp_error"] = "\(error)"
        logger[metadataKey: "outcome_rule"] = "\(decision.rule)"
        switch decision.outcome {
        case .failedPermanent:
            if let period = decision.suppressFor {
                try await suppressions.suppress(email.to, reason: reply, for: period, commandID: context.commandID)
                logger.warning("address suppressed after a permanent refusal")
            }
            try await deliveries.finish(commandID: context.commandID, status: .failed, reply: reply)
            logger.error("email refused permanently")
            count("failed")
            throw HandlerFailure.permanent("smtp_\(error.code.rawValue)", "\(error)")
        case .deferred, .sent:
            // `.sent` cannot come with an error; treat any such oddity as temporary.
            let last = context.attempt >= maxAttempts
            try await deliveries.finish(commandID: context.commandID, status: last ? .failed : .deferred, reply: reply)
            logger.warning(last ? "email deferred on its last attempt; giving up" : "email deferred; will retry")
            count(last ? "failed" : "deferred")
            throw HandlerFailure.retryable("smtp_\(error.code.rawValue)", "\(error)")
        }
    }

    /// Server replies go through the outcome table; errors without one are either transport
    /// trouble (retry) or a message/configuration the server can never take (give up).
    private func decide(_ error: SMTPError) -> OutcomeRules.Decision {
        switch error.code {
        case .invalidAddress, .invalidMessage, .unsupportedByServer, .invalidConfiguration:
            return OutcomeRules.Decision(outcome: .failedPermanent, suppressFor: nil, rule: "unsendable-\(error.code.rawValue)")
        default:
            break
        }
        guard let reply = error.reply else { return OutcomeRules.transportFailure }
        return rules.decide(code: reply.code, enhancedStatus: reply.enhancedStatus, text: reply.text)
    }

    private func count(_ outcome: String) {
        Counter(label: "relais_email_deliveries_total", dimensions: [("outcome", outcome)]).increment()
    }
}
