@testable import Identity
import Testing

@Suite("IdentitySecurityError")
struct IdentitySecurityErrorTests {
    @Test func everyCodeHasAStableSnakeCaseNameAndAFixedDescription() {
        for code in IdentitySecurityError.Code.allCases {
            let error = IdentitySecurityError(code)
            #expect(code.rawValue.allSatisfy { $0.isLowercase || $0 == "_" })
            #expect(error.description.hasPrefix(code.rawValue + ": "))
            #expect(!error.isRetryable)
        }
    }

    @Test func hintNamesTheCulpritWithoutAValue() {
        let error = IdentitySecurityError(.weakSigningSecret, hint: "JWT_SECRET")
        #expect(error.description == "weak_signing_secret: JWT secrets must be at least 32 bytes long (JWT_SECRET)")
        #expect(!error.isAuthenticationFailure)
    }
}
