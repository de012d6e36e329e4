import Crypto
import Foundation
import Identity
import Platform

/// HMAC-SHA256 signatures with the privacy key: export download tokens and erasure receipts.
public struct PrivacySigner: Sendable {
    private let key: SymmetricKey

    public init(secret: [UInt8]) {
        key = SymmetricKey(data: secret)
    }

    /// The download token of an export: it names the export and its expiry, so a token cannot
    /// be moved to another export nor outlive the link.
    public func exportToken(exportID: UUID, expiresAt: Date) -> String {
        Base64URL.encode(Array(HMAC<SHA256>.authenticationCode(for: Self.exportMessage(exportID, expiresAt), using: key)))
    }

    /// Whether `token` is the download token of that export (constant-time comparison).
    public func isValidExportToken(_ token: String, exportID: UUID, expiresAt: Date) -> Bool {
        guard token.utf8.count <= 64, let presented = Base64URL.decode(Substring(token)) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(presented, authenticating: Self.exportMessage(exportID, expiresAt), using: key)
    }

    /// The signature of a receipt's canonical JSON bytes, in lower-case hex.
    public func signReceipt(_ canonicalJSON: [UInt8]) -> String {
        HMAC<SHA256>.authenticationCode(for: canonicalJSON, using: key).lowercaseHex
    }

    /// Whether `signature` is this key's signature of the receipt bytes (constant-time comparison).
    public func isValidReceiptSignature(_ signature: String, of canonicalJSON: [UInt8]) -> Bool {
        ConstantTime.equals(signReceipt(canonicalJSON), signature)
    }

    private static func exportMessage(_ exportID: UUID, _ expiresAt: Date) -> [UInt8] {
        Array("export|\(exportID.uuidString.lowercased())|\(Int64(expiresAt.timeIntervalSince1970))".utf8)
    }
}
