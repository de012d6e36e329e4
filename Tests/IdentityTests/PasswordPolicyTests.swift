@testable import Identity
import Testing

@Suite("PasswordPolicy")
struct PasswordPolicyTests {
    func rules(_ password: String, email: String? = "alice.smith@example.com") -> [PasswordPolicy.Rule] {
        PasswordPolicy.validate(password, email: email, field: "password").map(\.rule)
    }

    @Test func acceptablePasswordHasNoIssues() {
        #expect(rules("Correct7Horse") == [])
        #expect(rules("Ünïcödé9") == [])
    }

    @Test func everyViolationIsReportedAtOnce() {
        #expect(rules("") == [.tooShort, .missingUppercase, .missingLowercase, .missingDigit])
        #expect(rules("abc") == [.tooShort, .missingUppercase, .missingDigit])
        #expect(rules("ALLUPPERCASE") == [.missingLowercase, .missingDigit])
        #expect(rules("short1A") == [.tooShort])
    }

    @Test func lengthCountsCharactersNotBytes() {
        // 8 characters, 16 UTF-8 bytes.
        #expect(rules("Éééééé1é") == [])
        #expect(rules("Éééééé1") == [.tooShort])
    }

    @Test func passwordEqualToTheEmailIgnoringCaseIsRejected() {
        let issues = PasswordPolicy.validate("Alice.Smith9@Example.COM", email: "alice.smith9@example.com", field: "password")
        #expect(issues.map(\.rule) == [.matchesEmail])
    }

    @Test func passwordEqualToTheEmailsLocalPartIgnoringCaseIsRejected() {
        #expect(rules("Alice.Smith9", email: "alice.smith9@example.com") == [.matchesEmail])
        #expect(rules("Alice.Smith9", email: " ALICE.SMITH9@example.com ") == [.matchesEmail])
        #expect(rules("Alice.Smith9x", email: "alice.smith9@example.com") == [])
    }

    @Test func emailRuleIsSkippedWithoutAnEmail() {
        #expect(rules("Alice.Smith9", email: nil) == [])
        #expect(rules("Alice.Smith9", email: "") == [])
    }

    @Test func issuesCarryTheCallersFieldAStableCodeAndNoEchoOfThePassword() {
        let password = "pw"
        let issues = PasswordPolicy.validate(password, email: nil, field: "new_password")
        #expect(issues.allSatisfy { $0.field == "new_password" })
        #expect(issues.map(\.code) == ["too_short", "missing_uppercase", "missing_digit"])
        #expect(issues.allSatisfy { !$0.message.contains(password) && !$0.message.isEmpty })
    }
}
