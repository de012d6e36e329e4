import Crypto
import Foundation

/// Builds JWTs by hand, byte for byte, so tests can produce exactly the malicious or broken
/// tokens a verifier must refuse, independent of the code under test.
enum TokenForge {
    static let currentSecret = "current-secret-0123456789abcdefghijklmnop"
    static let previousSecret = "previous-secret-0123456789abcdefghijklmno"
    static let unknownSecret = "unknown-secret-0123456789abcdefghijklmnopq"

    /// The signing algorithm a forged token is signed with, independent of its header.
    enum Signature {
        case none
        case hs256(secret: String)
        case hs512(secret: String)
    }

    static func base64URL(_ bytes: some DataProtocol) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func base64URL(_ text: String) -> String {
        base64URL(Array(text.utf8))
    }

    /// A compact JWT from literal header and payload JSON.
    static func token(header: String, payload: String, signature: Signature) -> String {
        let input = base64URL(header) + "." + base64URL(payload)
        return input + "." + sign(input, with: signature)
    }

    static func sign(_ input: String, with signature: Signature) -> String {
        switch signature {
        case .none:
            return ""
        case .hs256(let secret):
            let key = SymmetricKey(data: Array(secret.utf8))
            return base64URL(Array(HMAC<SHA256>.authenticationCode(for: Array(input.utf8), using: key)))
        case .hs512(let secret):
            let key = SymmetricKey(data: Array(secret.utf8))
            return base64URL(Array(HMAC<SHA512>.authenticationCode(for: Array(input.utf8), using: key)))
        }
    }

    /// The kid the production code must derive: first 8 bytes of SHA-256(secret), hex.
    static func keyID(_ secret: String) -> String {
        SHA256.hash(data: Array(secret.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    static func header(alg: String = "HS256", kid: String? = keyID(currentSecret), extra: String = "") -> String {
        var fields = ["\"alg\":\"\(alg)\"", "\"typ\":\"JWT\""]
        if let kid { fields.append("\"kid\":\"\(kid)\"") }
        if !extra.isEmpty { fields.append(extra) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static let userID = UUID(uuidString: "3f1c2a9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b") ?? UUID()
    static let tokenID = UUID(uuidString: "9d8c7b6a-5f4e-4d3c-8b2a-190817263544") ?? UUID()
    static let sessionID = UUID(uuidString: "5b0e6c1a-2d3f-4a5b-9c8d-7e6f5a4b3c2d") ?? UUID()
    /// 2025-01-01T00:00:00Z, an arbitrary fixed "now".
    static let now = Date(timeIntervalSince1970: 1_735_689_600)

    /// A payload with every claim valid at ``now`` unless overridden; pass `nil` to omit one.
    static func payload(
        sub: String? = userID.uuidString.lowercased(),
        jti: String? = tokenID.uuidString.lowercased(),
        iat: Int? = Int(now.timeIntervalSince1970),
        exp: Int? = Int(now.timeIntervalSince1970) + 900,
        nbf: Int? = nil,
        roles: String? = "[\"member\"]",
        sid: String? = sessionID.uuidString.lowercased()
    ) -> String {
        var fields: [String] = []
        if let sub { fields.append("\"sub\":\"\(sub)\"") }
        if let jti { fields.append("\"jti\":\"\(jti)\"") }
        if let iat { fields.append("\"iat\":\(iat)") }
        if let exp { fields.append("\"exp\":\(exp)") }
        if let nbf { fields.append("\"nbf\":\(nbf)") }
        if let roles { fields.append("\"roles\":\(roles)") }
        if let sid { fields.append("\"sid\":\"\(sid)\"") }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// A correctly signed token with the given payload, under the current key.
    static func valid(payload: String = payload()) -> String {
        token(header: header(), payload: payload, signature: .hs256(secret: currentSecret))
    }
}
