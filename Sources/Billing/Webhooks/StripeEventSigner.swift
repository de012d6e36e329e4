import Crypto
import Foundation
import Platform

/// Produces `Stripe-Signature` headers as Stripe does, for the local emulation and for tests.
public struct StripeEventSigner: Sendable {
    private let key: SymmetricKey

    public init(secret: String) {
        key = SymmetricKey(data: Array(secret.utf8))
    }

    /// The `v1` signature (lowercase hex) of `payload` at `timestamp`.
    public func signature(payload: [UInt8], timestamp: Int64) -> String {
        var hmac = HMAC<SHA256>(key: key)
        hmac.update(data: Array("\(timestamp).".utf8))
        hmac.update(data: payload)
        return Array(hmac.finalize()).lowercaseHex
    }

    /// The whole header value, `t=…,v1=…`.
    public func header(payload: [UInt8], timestamp: Int64 = Int64(Date().timeIntervalSince1970)) -> String {
        "t=\(timestamp),v1=\(signature(payload: payload, timestamp: timestamp))"
    }
}
