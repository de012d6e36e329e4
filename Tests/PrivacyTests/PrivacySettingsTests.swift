import Foundation
import Platform
import Privacy
import Testing

@Suite("Privacy settings and signatures")
struct PrivacySettingsTests {
    static let jwtSecret = String(repeating: "j", count: 40)

    @Test func defaultsAreThirtyDaysOfGraceAndSevenDayLinks() throws {
        let settings = try PrivacySettings(environment: EnvironmentReader([:]), jwtSecret: Self.jwtSecret)
        #expect(settings.gracePeriod == .seconds(30 * 86_400))
        #expect(settings.exportLinkLifetime == .seconds(7 * 86_400))
        #expect(settings.signingSecret != Array(Self.jwtSecret.utf8), "a key of its own, derived from the JWT secret")
        #expect(try PrivacySettings(environment: EnvironmentReader([:]), jwtSecret: Self.jwtSecret).signingSecret == settings.signingSecret)
    }

    @Test(arguments: [
        ("PRIVACY_GRACE_PERIOD_DAYS", "-1"), ("PRIVACY_GRACE_PERIOD_DAYS", "thirty"), ("PRIVACY_EXPORT_LINK_DAYS", "0"),
        ("PRIVACY_SIGNING_SECRET", "short"),
    ])
    func badValuesNameTheirVariable(variable: String, value: String) {
        #expect {
            try PrivacySettings(environment: EnvironmentReader([variable: value]), jwtSecret: Self.jwtSecret)
        } throws: { error in
            (error as? ConfigurationError)?.variable == variable
        }
    }

    @Test func anExportTokenIsBoundToItsExportItsExpiryAndTheKey() {
        let signer = PrivacySigner(secret: Array(repeating: 1, count: 32))
        let export = UUID()
        let expiry = Date(timeIntervalSince1970: 1_900_000_000)
        let token = signer.exportToken(exportID: export, expiresAt: expiry)
        #expect(signer.isValidExportToken(token, exportID: export, expiresAt: expiry))
        #expect(!signer.isValidExportToken(token, exportID: UUID(), expiresAt: expiry))
        #expect(!signer.isValidExportToken(token, exportID: export, expiresAt: expiry.addingTimeInterval(86_400)))
        #expect(!PrivacySigner(secret: Array(repeating: 2, count: 32)).isValidExportToken(token, exportID: export, expiresAt: expiry))
        #expect(!signer.isValidExportToken(token + "A", exportID: export, expiresAt: expiry))
        #expect(!signer.isValidExportToken("", exportID: export, expiresAt: expiry))
        #expect(!signer.isValidExportToken(String(repeating: "A", count: 10_000), exportID: export, expiresAt: expiry))
    }

    @Test func aReceiptSignatureDetectsAnyChange() {
        let signer = PrivacySigner(secret: Array(repeating: 1, count: 32))
        let receipt = Array(#"{"stores":[],"user_id":"x"}"#.utf8)
        let signature = signer.signReceipt(receipt)
        #expect(signature.count == 64)
        #expect(signer.isValidReceiptSignature(signature, of: receipt))
        #expect(!signer.isValidReceiptSignature(signature, of: Array(#"{"stores":[],"user_id":"y"}"#.utf8)))
    }
}
