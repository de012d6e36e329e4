import Crypto
import Foundation
import Platform

/// Seals and opens sensitive message bodies with AES-256-GCM.
///
/// Each key has an id derived from the key (first 8 bytes of its SHA-256, hex), stored beside the
/// ciphertext, so any process holding the same keys opens any body, and a rotated-out key keeps
/// opening old bodies while it is listed as previous. The message id is bound as associated data:
/// a ciphertext copied onto another message does not open.
public struct MessageCipher: Sendable {
    public enum Failure: Error, Equatable {
        /// The body was sealed with a key this process does not hold.
        case unknownKey
        /// Tampered with, truncated, or bound to another message.
        case unreadable
    }

    public let currentKeyID: String
    private let keys: [String: SymmetricKey]

    /// - Precondition: the settings were validated (`EncryptionSettings.init(environment:)`).
    public init(settings: EncryptionSettings) throws {
        var keys: [String: SymmetricKey] = [:]
        var current: String?
        for hex in [settings.currentKeyHex] + settings.previousKeysHex {
            guard let bytes = Self.keyBytes(hex) else { throw Failure.unknownKey }
            let id = SHA256.hash(data: bytes).prefix(8).lowercaseHex
            keys[id] = SymmetricKey(data: bytes)
            current = current ?? id
        }
        guard let current else { throw Failure.unknownKey }
        self.currentKeyID = current
        self.keys = keys
    }

    public func seal(_ plaintext: String, messageID: UUID) throws -> SealedText {
        guard let key = keys[currentKeyID] else { throw Failure.unknownKey }
        let box = try AES.GCM.seal(Array(plaintext.utf8), using: key, authenticating: Self.associatedData(messageID))
        guard let combined = box.combined else { throw Failure.unreadable }
        return SealedText(combined: Array(combined), keyID: currentKeyID)
    }

    public func open(_ sealed: SealedText, messageID: UUID) throws(Failure) -> String {
        guard let key = keys[sealed.keyID] else { throw .unknownKey }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed.combined)
            let plaintext = try AES.GCM.open(box, using: key, authenticating: Self.associatedData(messageID))
            guard let text = String(validating: Array(plaintext), as: UTF8.self) else { throw Failure.unreadable }
            return text
        } catch {
            throw .unreadable
        }
    }

    /// 32 bytes from 64 hex characters, or nil.
    static func keyBytes(_ hex: String) -> [UInt8]? {
        guard hex.utf8.count == 64 else { return nil }
        return HexDecoding.bytes(hex)
    }

    private static func associatedData(_ messageID: UUID) -> [UInt8] {
        Array("relais.chat.message:\(messageID.uuidString.lowercased())".utf8)
    }
}
