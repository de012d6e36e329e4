import Billing
import Foundation
import Testing

/// The signature checks of the webhook intake, as pure functions (no HTTP).
@Suite("Stripe signature verification")
struct StripeSignatureVerifierTests {
    static let secret = "whsec_test_current"
    static let payload = Array(#"{"id":"evt_1","object":"event","type":"payment_intent.succeeded","created":1700000000,"data":{"object":{"id":"pi_1"}}}"#.utf8)
    static let now = Date(timeIntervalSince1970: 1_700_000_100)
    static let t = Int64(1_700_000_090)

    func verifier(_ secrets: [String] = [secret], tolerance: Int = 300) -> StripeSignatureVerifier {
        StripeSignatureVerifier(secrets: secrets, toleranceSeconds: tolerance)
    }

    func signature(_ secret: String = secret, payload: [UInt8] = payload, t: Int64 = t) -> String {
        StripeEventSigner(secret: secret).signature(payload: payload, timestamp: t)
    }

    func rejection(_ header: String?, payload: [UInt8] = payload, secrets: [String] = [secret]) -> WebhookRejection? {
        do {
            try verifier(secrets).verify(header: header, payload: payload, now: Self.now)
            return nil
        } catch {
            return error
        }
    }

    @Test("the signature matches HMAC-SHA256 computed independently (Python's hmac module)")
    func knownVector() {
        #expect(StripeEventSigner(secret: "secret").signature(payload: Array("{}".utf8), timestamp: 1)
                == "1122767b193110cfec322b6f199b599edbf608ed087f2d27afb0b97d99523908")
    }

    @Test("a header signed with the secret over t.body passes")
    func validSignaturePasses() {
        #expect(rejection("t=\(Self.t),v1=\(signature())") == nil)
    }

    @Test("a signature made with another secret is a mismatch")
    func wrongSecret() {
        #expect(rejection("t=\(Self.t),v1=\(signature("whsec_other"))") == .signatureMismatch)
    }

    @Test("two v1 signatures pass when one of them is valid, in either order")
    func oneOfTwoSignatures() {
        let bad = signature("whsec_other")
        #expect(rejection("t=\(Self.t),v1=\(bad),v1=\(signature())") == nil)
        #expect(rejection("t=\(Self.t),v1=\(signature()),v1=\(bad)") == nil)
    }

    @Test("during a rotation both the old and the new secret are accepted")
    func rotatedSecrets() {
        let secrets = ["whsec_new", "whsec_old"]
        #expect(rejection("t=\(Self.t),v1=\(signature("whsec_old"))", secrets: secrets) == nil)
        #expect(rejection("t=\(Self.t),v1=\(signature("whsec_new"))", secrets: secrets) == nil)
        #expect(rejection("t=\(Self.t),v1=\(signature("whsec_retired"))", secrets: secrets) == .signatureMismatch)
    }

    @Test("a timestamp older or newer than the tolerance is refused even with a valid signature")
    func staleAndFutureTimestamps() {
        let stale = Int64(Self.now.timeIntervalSince1970) - 301
        let future = Int64(Self.now.timeIntervalSince1970) + 301
        #expect(rejection("t=\(stale),v1=\(signature(t: stale))") == .timestampOutOfTolerance)
        #expect(rejection("t=\(future),v1=\(signature(t: future))") == .timestampOutOfTolerance)
        let edge = Int64(Self.now.timeIntervalSince1970) - 300
        #expect(rejection("t=\(edge),v1=\(signature(t: edge))") == nil)
    }

    @Test("the signature covers the timestamp: moving t invalidates it")
    func timestampIsSigned() {
        #expect(rejection("t=\(Self.t + 1),v1=\(signature())") == .signatureMismatch)
    }

    @Test("a tampered body no longer matches")
    func tamperedBody() {
        var tampered = Self.payload
        tampered[tampered.count - 5] = UInt8(ascii: "2")
        #expect(rejection("t=\(Self.t),v1=\(signature())", payload: tampered) == .signatureMismatch)
    }

    @Test("missing and garbage headers say what is wrong")
    func malformedHeaders() {
        #expect(rejection(nil) == .signatureMissing)
        #expect(rejection("") == .signatureMissing)
        let cases = ["garbage", "t=abc,v1=\(signature())", "v1=\(signature())", "t=\(Self.t)", "t=\(Self.t),v1=xyz",
                     "t=\(Self.t),v1=\(signature().prefix(63))", "t=\(Self.t),t=\(Self.t),v1=\(signature())", "t=-5,v1=\(signature())",
                     "t=\(Self.t),v0=\(signature())"]
        for header in cases {
            guard case .signatureMalformed = rejection(header) else {
                Issue.record("\(header) was not reported as malformed: \(String(describing: rejection(header)))")
                continue
            }
        }
    }

    @Test("unknown schemes beside a valid v1 are ignored, as Stripe's libraries do")
    func otherSchemesIgnored() {
        #expect(rejection("t=\(Self.t),v0=deadbeef,v1=\(signature()),x=1") == nil)
    }
}
