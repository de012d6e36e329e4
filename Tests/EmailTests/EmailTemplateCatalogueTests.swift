import Foundation
import Testing

@testable import Email

@Suite("Email template catalogue rendering")
struct EmailTemplateCatalogueTests {
    static let hostile = #"<script>alert("x")</script> & "é""#

    /// A distinct, markup-free value per variable, so each one can be found in the output.
    static func sampleVariables(for id: EmailTemplateID, locale: EmailLocale) -> [String: String] {
        Dictionary(uniqueKeysWithValues: id.requiredVariables.map { ($0, "\($0)-sample-\(locale.rawValue)") })
    }

    @Test("the bundled catalogue loads")
    func bundledCatalogueLoads() throws {
        _ = try EmailTemplateCatalogue.load()
    }

    @Test("every template renders in both languages with every variable in its text and HTML", arguments: EmailTemplateID.allCases)
    func everyTemplateRendersInBothLanguages(id: EmailTemplateID) throws {
        let catalogue = try EmailTemplateCatalogue.load()
        var rendered: [EmailLocale: RenderedEmail] = [:]
        for locale in EmailLocale.allCases {
            let variables = Self.sampleVariables(for: id, locale: locale)
            let email = try catalogue.render(id, locale: locale, variables: variables)
            let subjectIsOneLine = !email.subject.contains(where: \.isNewline)
            #expect(!email.subject.isEmpty)
            #expect(subjectIsOneLine)
            for value in variables.values {
                #expect(email.text.contains(value), "text of \(id.rawValue) \(locale.rawValue) lacks \(value)")
                #expect(email.html.contains(value), "HTML of \(id.rawValue) \(locale.rawValue) lacks \(value)")
            }
            #expect(email.html.contains(#"<html lang="\#(locale.rawValue)">"#))
            #expect(!email.text.contains("{{") && !email.html.contains("{{") && !email.subject.contains("{{"))
            rendered[locale] = email
        }
        let french = try #require(rendered[.fr])
        let english = try #require(rendered[.en])
        #expect(french.subject != english.subject)
        #expect(french.text != english.text)
        #expect(french.html != english.html)
    }

    @Test("HTML escapes variables while subject and text keep them verbatim")
    func htmlEscapesVariablesButSubjectAndTextDoNot() throws {
        let catalogue = try EmailTemplateCatalogue.load()
        var variables = Self.sampleVariables(for: .employeeInvitation, locale: .fr)
        variables["inviter_name"] = Self.hostile
        variables["invitation_url"] = #"https://example.test/join?a=1&b="><img src=x>"#

        let email = try catalogue.render(.employeeInvitation, locale: .fr, variables: variables)

        #expect(email.html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;é&quot;"))
        #expect(email.html.contains(#"href="https://example.test/join?a=1&amp;b=&quot;&gt;&lt;img src=x&gt;""#))
        #expect(!email.html.contains("<script>"))
        #expect(!email.html.contains("<img"))
        #expect(email.text.contains(Self.hostile))
        #expect(email.subject.contains(Self.hostile))
    }

    @Test("every template escapes every variable in HTML and keeps it verbatim in text", arguments: EmailTemplateID.allCases)
    func everyTemplateEscapesHTMLOnly(id: EmailTemplateID) throws {
        let catalogue = try EmailTemplateCatalogue.load()
        let variables = Dictionary(uniqueKeysWithValues: id.requiredVariables.map { ($0, Self.hostile) })
        for locale in EmailLocale.allCases {
            let email = try catalogue.render(id, locale: locale, variables: variables)
            #expect(!email.html.contains("<script>"))
            #expect(email.text.contains(Self.hostile))
        }
    }

    @Test("a missing variable fails the render and names the variable")
    func missingVariableFailsRender() throws {
        let catalogue = try EmailTemplateCatalogue.load()
        var variables = Self.sampleVariables(for: .passwordReset, locale: .en)
        variables["reset_url"] = nil

        let error = #expect(throws: EmailTemplateError.self) {
            try catalogue.render(.passwordReset, locale: .en, variables: variables)
        }
        #expect(error?.code == .missingVariable)
        #expect(error?.variable == "reset_url")
        #expect(error?.template == "password_reset")
        #expect(error?.description.contains("reset_url") == true)
    }

    @Test("an undeclared variable fails the render and names the variable")
    func unknownVariableFailsRender() throws {
        let catalogue = try EmailTemplateCatalogue.load()
        var variables = Self.sampleVariables(for: .passwordReset, locale: .fr)
        variables["reset_link"] = "https://example.test/reset"

        let error = #expect(throws: EmailTemplateError.self) {
            try catalogue.render(.passwordReset, locale: .fr, variables: variables)
        }
        #expect(error?.code == .unknownVariable)
        #expect(error?.variable == "reset_link")
    }

    @Test("error descriptions name the variable but never its value")
    func errorDescriptionsOmitValues() throws {
        let catalogue = try EmailTemplateCatalogue.load()
        var variables = Self.sampleVariables(for: .paymentReceipt, locale: .fr)
        variables["card_number"] = "4242424242424242"

        let error = #expect(throws: EmailTemplateError.self) {
            try catalogue.render(.paymentReceipt, locale: .fr, variables: variables)
        }
        #expect(error?.description.contains("card_number") == true)
        #expect(error?.description.contains("4242") == false)
    }

    @Test("newlines in subject variables become spaces and the subject is trimmed")
    func subjectNewlinesAreNeutralised() throws {
        let catalogue = try EmailTemplateCatalogue.load()
        var variables = Self.sampleVariables(for: .employeeInvitation, locale: .en)
        variables["inviter_name"] = "\r\n Eve\r\nBcc: victim@example.test\nX-Spam: yes\u{2028}"

        let email = try catalogue.render(.employeeInvitation, locale: .en, variables: variables)

        let subjectIsOneLine = !email.subject.contains(where: \.isNewline)
        #expect(subjectIsOneLine)
        #expect(email.subject.hasPrefix("Eve Bcc: victim@example.test X-Spam: yes"))
        #expect(email.subject == email.subject.trimmingCharacters(in: .whitespacesAndNewlines))
        // The body keeps the sender's line breaks: only the header needs protecting.
        #expect(email.text.contains("Eve\r\nBcc:"))
    }
}
