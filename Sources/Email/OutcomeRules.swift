/// The SMTP outcome table: reply code, enhanced status and text → sent, deferred or permanent
/// failure, and whether the address goes on the suppression list. Rules are tried in order and
/// the first match wins, so specific rules come before the catch-all rows of their class.
///
/// Kept as data so a new provider quirk is one row and one test, not a code path.
public struct OutcomeRules: Sendable {
    public var rules: [OutcomeRule]

    public init(rules: [OutcomeRule]) {
        self.rules = rules
    }

    /// The decision for one reply, with the rule that made it.
    public struct Decision: Sendable, Equatable {
        public var outcome: DeliveryOutcome
        public var suppressFor: Duration?
        /// The name of the rule that decided.
        public var rule: String

        public init(outcome: DeliveryOutcome, suppressFor: Duration?, rule: String) {
            self.outcome = outcome
            self.suppressFor = suppressFor
            self.rule = rule
        }
    }

    public func decide(code: Int, enhancedStatus: String?, text: String) -> Decision {
        for rule in rules where rule.matches(code: code, enhancedStatus: enhancedStatus, text: text) {
            return Decision(outcome: rule.outcome, suppressFor: rule.suppressFor, rule: rule.name)
        }
        // Outside 200...599 the server is not speaking SMTP: try again later, elsewhere perhaps.
        return Decision(outcome: .deferred, suppressFor: nil, rule: "unrecognised-reply")
    }

    /// Connection failures, timeouts and TLS handshakes that fail: nothing was refused, try again.
    public static let transportFailure = Decision(outcome: .deferred, suppressFor: nil, rule: "transport-failure")

    public static let defaults = OutcomeRules(rules: [
        OutcomeRule("accepted", codes: 200...299, outcome: .sent),
        // Greylisting and rate limits sometimes come back as 5xx with a telling text.
        OutcomeRule("greylisted", codes: 500...599, textContains: "greylist", outcome: .deferred),
        OutcomeRule("try-again-later", codes: 500...599, textContains: "try again later", outcome: .deferred),
        // The mailbox does not exist (bad destination mailbox address).
        OutcomeRule("no-such-user", codes: 550...559, enhancedStatusPrefix: "5.1.1", outcome: .failedPermanent,
                    suppressFor: .seconds(180 * 86_400)),
        // The domain accepts no mail (null MX, RFC 7505).
        OutcomeRule("domain-accepts-no-mail", codes: 550...559, enhancedStatusPrefix: "5.1.10", outcome: .failedPermanent,
                    suppressFor: .seconds(180 * 86_400)),
        // The mailbox is disabled; it may come back, so a shorter suppression.
        OutcomeRule("mailbox-disabled", codes: 550...559, enhancedStatusPrefix: "5.2.1", outcome: .failedPermanent,
                    suppressFor: .seconds(30 * 86_400)),
        // 5.2.2 "mailbox full" is a persistent-but-temporary state in practice.
        OutcomeRule("mailbox-full", codes: 500...599, enhancedStatusPrefix: "5.2.2", outcome: .deferred),
        OutcomeRule("temporary", codes: 400...499, outcome: .deferred),
        OutcomeRule("permanent", codes: 500...599, outcome: .failedPermanent),
    ])
}
