import Crypto
import Foundation

/// Checks a webhook delivery the way Stripe's own libraries do: HMAC-SHA256 of
/// `"<t>.<raw body>"` with each endpoint secret, compared in constant time with every `v1`
/// signature (any match passes, so secrets can rotate), then the timestamp against a tolerance
/// that bounds replays of a captured delivery.
public struct StripeSignatureVerifier: Sendable {
    private let keys: [SymmetricKey]
    private let toleranceSeconds: Int64

    public init(secrets: [String], toleranceSeconds: Int) {
        keys = secrets.map { SymmetricKey(data: Array($0.utf8)) }
        self.toleranceSeconds = Int64(toleranceSeconds)
    }

    /// - Parameters:
    ///   - header: the `Stripe-Signature` value, nil when absent.
    ///   - payload: the body exactly as received.
    ///   - now: the current time (injected so the tolerance is tested without waiting).
    /// - Throws: `WebhookRejection` saying which check failed.
    public func verify(header: String?, payload: some DataProtocol, now: Date = Date()) throws(WebhookRejection) {
        guard let header, !header.isEmpty else { throw .signatureMissing }
        let parsed = try StripeSignatureHeader(parsing: header)
        let prefix = Array("\(parsed.timestamp).".utf8)
        var matched = false
        for key in keys {
            var hmac = HMAC<SHA256>(key: key)
            hmac.update(data: prefix)
            hmac.update(data: payload)
            let expected = hmac.finalize()
            // `==` between a MAC and bytes is swift-crypto's constant-time comparison; every
            // candidate is compared so the time does not reveal which one matched.
            for signature in parsed.signatures where expected == signature {
                matched = true
            }
        }
        guard matched else { throw .signatureMismatch }
        let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
        guard abs(nowSeconds - parsed.timestamp) <= toleranceSeconds else { throw .timestampOutOfTolerance }
    }
}
