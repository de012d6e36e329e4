import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import Identity
import Ingress
import Testing
import TestSupport

/// Email verification, password change and reset, and the second factor, through the ingress.
@Suite("Identity: credentials")
struct CredentialFlowTests {
    typealias Flow = AuthFlowTests

    static func post(_ client: some TestClientProtocol, _ uri: String, _ body: [String: Any], token: String? = nil) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: token.map(HTTPJSON.bearer) ?? HTTPJSON.headers, body: HTTPJSON.body(body)) { $0 }
    }

    @Test("verify-email: the emailed token verifies once; a second use fails")
    func verifyEmail() async throws {
        let harness = try await IdentityHarness()
        let email = IdentityHarness.email()
        try await harness.application().test(.router) { client in
            let token = try #require(try await Flow.register(client, email: email)["token"] as? String)
            let link = try #require(try await harness.emailedToken(to: email, template: "email_verification", variable: "verification_url"))
            #expect(try await Self.post(client, "/v1/auth/verify-email", ["token": link]).status == .ok)
            #expect(HTTPJSON.data(try await Flow.me(client, token))["email_verified"] as? Bool == true)
            let again = try await Self.post(client, "/v1/auth/verify-email", ["token": link])
            #expect(again.status == .badRequest && HTTPJSON.errorCode(again) == "token_invalid")
        }
        await harness.close()
    }

    @Test("password reset: same answer for unknown emails; the token works once, 1 h; every session is closed")
    func passwordReset() async throws {
        let harness = try await IdentityHarness()
        let email = IdentityHarness.email()
        try await harness.application().test(.router) { client in
            let oldToken = try #require(try await Flow.register(client, email: email)["token"] as? String)
            let unknown = try await Self.post(client, "/v1/auth/request-password-reset", ["email": IdentityHarness.email("ghost")])
            let known = try await Self.post(client, "/v1/auth/request-password-reset", ["email": email])
            #expect(unknown.status == .ok && known.status == .ok)
            #expect(HTTPJSON.text(unknown) == HTTPJSON.text(known), "no account enumeration")
            let reset = try #require(try await harness.emailedToken(to: email, template: "password_reset", variable: "reset_url"))

            let weak = try await Self.post(client, "/v1/auth/reset-password", ["token": reset, "new_password": "weak"])
            #expect(weak.status == .badRequest, "a weak password does not burn the link")
            #expect(try await Self.post(client, "/v1/auth/reset-password", ["token": reset, "new_password": "New-Secret-42"]).status == .ok)
            let twice = try await Self.post(client, "/v1/auth/reset-password", ["token": reset, "new_password": "Other-Secret-42"])
            #expect(twice.status == .badRequest && HTTPJSON.errorCode(twice) == "token_invalid")
            #expect(try await Flow.me(client, oldToken).status == .unauthorized, "sessions before the reset are closed")
            #expect(try await Flow.login(client, email: email).status == .unauthorized)
            #expect(try await Flow.login(client, email: email, password: "New-Secret-42").status == .ok)
        }
        await harness.close()
    }

    @Test("change-password: the current session survives, every other one is closed, a notice is queued")
    func changePassword() async throws {
        let harness = try await IdentityHarness()
        let email = IdentityHarness.email()
        try await harness.application().test(.router) { client in
            let first = try #require(try await Flow.register(client, email: email)["token"] as? String)
            let second = try #require(HTTPJSON.data(try await Flow.login(client, email: email))["token"] as? String)
            let wrong = try await Self.post(client, "/v1/auth/change-password", ["old_password": "Nope-Nope-1", "new_password": "Brand-New-77"],
                                            token: second)
            #expect(wrong.status == .unauthorized)
            let changed = try await Self.post(client, "/v1/auth/change-password",
                                              ["old_password": IdentityHarness.password, "new_password": "Brand-New-77"], token: second)
            #expect(changed.status == .ok, "\(HTTPJSON.text(changed))")
            #expect(try await Flow.me(client, second).status == .ok)
            #expect(try await Flow.me(client, first).status == .unauthorized)
            #expect(try await harness.outboxEmails(to: email).contains { $0["template"] as? String == "password_changed" })
        }
        await harness.close()
    }

    @Test("2FA: setup and verify give backup codes; login needs a code; a step and a backup code work once; disable needs both")
    func twoFactor() async throws {
        let harness = try await IdentityHarness()
        let email = IdentityHarness.email()
        try await harness.application().test(.router) { client in
            let token = try #require(try await Flow.register(client, email: email)["token"] as? String)
            let setup = try await Self.post(client, "/v1/auth/2fa/setup", [:], token: token)
            #expect(setup.status == .ok)
            #expect((HTTPJSON.data(setup)["otpauth_uri"] as? String)?.hasPrefix("otpauth://totp/") == true)
            let stored = try await harness.postgres.query("SELECT totp_secret FROM identity.users WHERE email = \(email)")
            let storedText = try #require(try stored.first?.decode(String.self, column: "totp_secret"))
            let secret: [UInt8] = Array(try #require(Data(base64Encoded: storedText)))
            let now = Date()
            let code = try #require(TOTP.code(secret: secret, at: now))
            #expect(try await Self.post(client, "/v1/auth/2fa/verify", ["code": "000000"], token: token).status == .unauthorized)
            let verified = try await Self.post(client, "/v1/auth/2fa/verify", ["code": code], token: token)
            #expect(verified.status == .ok, "\(HTTPJSON.text(verified))")
            let backupCodes = try #require(HTTPJSON.data(verified)["backup_codes"] as? [String])
            #expect(backupCodes.count == 10)

            #expect(HTTPJSON.errorCode(try await Flow.login(client, email: email)) == "totp_required")
            #expect(HTTPJSON.errorCode(try await Flow.login(client, email: email, totp: "123456")) == "totp_invalid")
            #expect(HTTPJSON.errorCode(try await Flow.login(client, email: email, totp: code)) == "totp_invalid", "a step is accepted once")
            let next = try #require(TOTP.code(secret: secret, at: now.addingTimeInterval(30)))
            #expect(try await Flow.login(client, email: email, totp: next).status == .ok)
            #expect(try await Flow.login(client, email: email, totp: backupCodes[0]).status == .ok)
            #expect(HTTPJSON.errorCode(try await Flow.login(client, email: email, totp: backupCodes[0])) == "totp_invalid", "backup codes are single use")

            let noPassword = try await Self.post(client, "/v1/auth/2fa/disable", ["password": "Wrong-Pass-1", "code": backupCodes[1]], token: token)
            #expect(noPassword.status == .unauthorized)
            let disabled = try await Self.post(client, "/v1/auth/2fa/disable", ["password": IdentityHarness.password, "code": backupCodes[1]],
                                               token: token)
            #expect(disabled.status == .ok, "\(HTTPJSON.text(disabled))")
            #expect(try await Flow.login(client, email: email).status == .ok)
        }
        await harness.close()
    }

    @Test("no response, audit row or outbox payload contains a password, refresh token or TOTP secret")
    func secretsStayOut() async throws {
        let harness = try await IdentityHarness()
        let email = IdentityHarness.email()
        try await harness.application().test(.router) { client in
            let signedIn = try await Flow.register(client, email: email)
            let refresh = try #require(signedIn["refresh_token"] as? String)
            let token = try #require(signedIn["token"] as? String)
            _ = try await Flow.login(client, email: email, password: "Wrong-Guess-12")
            let setup = try await Self.post(client, "/v1/auth/2fa/setup", [:], token: token)
            let secret = try #require(HTTPJSON.data(setup)["secret"] as? String)
            let me = HTTPJSON.text(try await Flow.me(client, token))
            #expect(!me.contains("password") && !me.contains(secret) && !me.contains("totp_secret"))
            let audit = try await harness.postgres.query("""
                SELECT action, outcome, coalesce(detail, '') AS detail, coalesce(user_agent, '') AS agent FROM identity.audit_log
                WHERE user_id = (SELECT id FROM identity.users WHERE email = \(email))
                """).map { row -> String in
                    var fields: [String] = []
                    for column in ["action", "outcome", "detail", "agent"] { fields.append(try row.decode(String.self, column: column)) }
                    return fields.joined(separator: " ")
                }
            #expect(audit.count >= 3)
            for line in audit {
                #expect(!line.contains(IdentityHarness.password) && !line.contains("Wrong-Guess-12") && !line.contains(refresh) && !line.contains(secret))
            }
            let outbox = try await harness.outboxEmails(to: email).map { "\($0)" }.joined()
            #expect(!outbox.contains(IdentityHarness.password) && !outbox.contains(refresh))
        }
        await harness.close()
    }
}
