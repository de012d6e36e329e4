import Testing

import Email

@Suite("Email locale and template ids")
struct EmailLocaleTests {
    @Test(
        "a language tag maps to its language whatever the region or case",
        arguments: [("en-GB", EmailLocale.en), ("EN", .en), ("en_US", .en), ("fr", .fr), ("fr-CA", .fr), (" FR-fr ", .fr)]
    )
    func languageTagMapsToLocale(tag: String, expected: EmailLocale) {
        #expect(EmailLocale(languageTag: tag) == expected)
    }

    @Test("a language without templates has no locale", arguments: ["de-DE", "", "-", "english", "e"])
    func unknownLanguageHasNoLocale(tag: String) {
        #expect(EmailLocale(languageTag: tag) == nil)
    }

    @Test("French is the default locale")
    func frenchIsDefault() {
        #expect(EmailLocale.default == .fr)
    }

    @Test("account-access emails are security emails and all others transactional")
    func categoriesFollowPurpose() {
        let security: Set<EmailTemplateID> = [
            .emailVerification, .passwordReset, .passwordChanged, .twoFactorEnabled, .twoFactorDisabled,
        ]
        for id in EmailTemplateID.allCases {
            #expect(id.defaultCategory == (security.contains(id) ? .security : .transactional), "\(id.rawValue)")
        }
    }

    @Test("every template declares at least one variable, all snake_case")
    func variablesAreDeclaredInSnakeCase() {
        for id in EmailTemplateID.allCases {
            #expect(!id.requiredVariables.isEmpty)
            for name in id.requiredVariables {
                #expect(name.allSatisfy { $0.isLowercase || $0 == "_" }, "\(id.rawValue).\(name)")
            }
        }
    }
}
