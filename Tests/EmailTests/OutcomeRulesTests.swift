import Email
import Testing

@Suite("SMTP outcome table")
struct OutcomeRulesTests {
    let rules = OutcomeRules.defaults

    @Test("2xx replies mean sent", arguments: [250, 251, 221])
    func successIsSent(code: Int) {
        #expect(rules.decide(code: code, enhancedStatus: "2.0.0", text: "Ok").outcome == .sent)
    }

    @Test("4xx replies are deferred and never suppress", arguments: [421, 450, 451, 452, 454])
    func temporaryIsDeferred(code: Int) {
        let decision = rules.decide(code: code, enhancedStatus: "4.3.0", text: "Try again later")
        #expect(decision.outcome == .deferred)
        #expect(decision.suppressFor == nil)
    }

    @Test("550 5.1.1, 5.1.10 and 5.2.1 are permanent and suppress the address",
          arguments: [("5.1.1", "no-such-user"), ("5.1.10", "domain-accepts-no-mail"), ("5.2.1", "mailbox-disabled")])
    func hardBouncesSuppress(status: String, rule: String) {
        let decision = rules.decide(code: 550, enhancedStatus: status, text: "Rejected")
        #expect(decision.outcome == .failedPermanent)
        #expect(decision.suppressFor != nil)
        #expect(decision.rule == rule)
    }

    @Test("other 5xx replies are permanent without suppression (a policy refusal is not a dead mailbox)")
    func otherPermanentDoNotSuppress() {
        for (code, status) in [(554, "5.7.1"), (535, "5.7.8"), (552, "5.3.4"), (550, "5.1.2")] {
            let decision = rules.decide(code: code, enhancedStatus: status, text: "No")
            #expect(decision.outcome == .failedPermanent, "\(code) \(status)")
            #expect(decision.suppressFor == nil, "\(code) \(status)")
        }
    }

    @Test("5.1.1 does not match 5.1.10's prefix nor the reverse: statuses compare whole parts")
    func enhancedStatusComparesWholeParts() {
        #expect(rules.decide(code: 550, enhancedStatus: "5.1.10", text: "").rule == "domain-accepts-no-mail")
        #expect(rules.decide(code: 550, enhancedStatus: "5.1.1", text: "").rule == "no-such-user")
        #expect(rules.decide(code: 550, enhancedStatus: "5.1.12", text: "").rule == "permanent")
    }

    @Test("a 5xx reply saying greylisted or try again later is deferred, as providers mean it")
    func textPatternsOverrideClass() {
        #expect(rules.decide(code: 550, enhancedStatus: nil, text: "Greylisted, please retry").outcome == .deferred)
        #expect(rules.decide(code: 554, enhancedStatus: "5.7.1", text: "Rate limited: TRY AGAIN LATER").outcome == .deferred)
    }

    @Test("a full mailbox (5.2.2) is deferred rather than dropped")
    func mailboxFullIsDeferred() {
        #expect(rules.decide(code: 552, enhancedStatus: "5.2.2", text: "Mailbox full").outcome == .deferred)
    }

    @Test("a reply outside SMTP's codes is deferred, not sent")
    func unrecognisedReplyIsDeferred() {
        #expect(rules.decide(code: 199, enhancedStatus: nil, text: "?").outcome == .deferred)
        #expect(rules.decide(code: 700, enhancedStatus: nil, text: "?").rule == "unrecognised-reply")
    }

    @Test("rules are data: a custom table changes the decision without code")
    func customTable() {
        let custom = OutcomeRules(rules: [OutcomeRule("provider-quirk", codes: 550...550, textContains: "quota", outcome: .deferred)]
                                  + OutcomeRules.defaults.rules)
        #expect(custom.decide(code: 550, enhancedStatus: "5.1.1", text: "Over quota").outcome == .deferred)
        #expect(custom.decide(code: 550, enhancedStatus: "5.1.1", text: "No such user").outcome == .failedPermanent)
    }
}
