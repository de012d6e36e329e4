/// A body sealed by `MessageCipher`: AES-256-GCM `nonce ‖ ciphertext ‖ tag` and the id of the key.
public struct SealedText: Sendable, Codable, Equatable {
    public var combined: [UInt8]
    public var keyID: String

    public init(combined: [UInt8], keyID: String) {
        self.combined = combined
        self.keyID = keyID
    }
}
