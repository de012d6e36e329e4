import Chat
import Platform
import Foundation
import Testing

@Suite("MessageCipher")
struct MessageCipherTests {
    static let keyA = String(repeating: "a1", count: 32)
    static let keyB = String(repeating: "b2", count: 32)

    @Test func aSealedBodyOpensForItsMessageAndIsNotThePlaintext() throws {
        let cipher = try MessageCipher(settings: EncryptionSettings(currentKeyHex: Self.keyA))
        let id = UUID()
        let sealed = try cipher.seal("Séance de 14h: on parle du sommeil", messageID: id)
        #expect(sealed.keyID == cipher.currentKeyID)
        #expect(!String(decoding: sealed.combined, as: UTF8.self).contains("sommeil"))
        #expect(try cipher.open(sealed, messageID: id) == "Séance de 14h: on parle du sommeil")
    }

    @Test func sealingTwiceGivesDifferentCiphertexts() throws {
        let cipher = try MessageCipher(settings: EncryptionSettings(currentKeyHex: Self.keyA))
        let id = UUID()
        #expect(try cipher.seal("same", messageID: id).combined != cipher.seal("same", messageID: id).combined)
    }

    @Test func aBodyMovedToAnotherMessageDoesNotOpen() throws {
        let cipher = try MessageCipher(settings: EncryptionSettings(currentKeyHex: Self.keyA))
        let sealed = try cipher.seal("secret", messageID: UUID())
        #expect(throws: MessageCipher.Failure.unreadable) { try cipher.open(sealed, messageID: UUID()) }
    }

    @Test func aTamperedBodyDoesNotOpen() throws {
        let cipher = try MessageCipher(settings: EncryptionSettings(currentKeyHex: Self.keyA))
        let id = UUID()
        var sealed = try cipher.seal("secret", messageID: id)
        sealed.combined[14] ^= 0x01
        #expect(throws: MessageCipher.Failure.unreadable) { try cipher.open(sealed, messageID: id) }
    }

    @Test func afterRotationOldBodiesOpenWithThePreviousKeyAndNewOnesUseTheNewKey() throws {
        let before = try MessageCipher(settings: EncryptionSettings(currentKeyHex: Self.keyA))
        let after = try MessageCipher(settings: EncryptionSettings(currentKeyHex: Self.keyB, previousKeysHex: [Self.keyA]))
        let id = UUID()
        let old = try before.seal("old", messageID: id)
        #expect(try after.open(old, messageID: id) == "old")
        #expect(try after.seal("new", messageID: id).keyID != old.keyID)
        let retired = try MessageCipher(settings: EncryptionSettings(currentKeyHex: Self.keyB))
        #expect(throws: MessageCipher.Failure.unknownKey) { try retired.open(old, messageID: id) }
    }

    @Test(arguments: ["abc", String(repeating: "g", count: 64), String(repeating: "a", count: 62)])
    func malformedKeysAreRefusedAtStartup(key: String) {
        #expect(throws: (any Error).self) {
            _ = try EncryptionSettings(environment: .init(["ENCRYPTION_KEY": key]), production: false)
        }
    }

    @Test func productionRequiresAKey() {
        #expect(throws: (any Error).self) { _ = try EncryptionSettings(environment: .init([:]), production: true) }
    }
}
