import Foundation
@testable import Identity
import Testing

@Suite("OpaqueToken")
struct OpaqueTokenTests {
    @Test func tokensAre43Base64URLCharactersEncoding32Bytes() throws {
        let urlSafe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for _ in 0..<100 {
            let token = OpaqueToken()
            #expect(token.value.count == 43)
            #expect(token.value.allSatisfy(urlSafe.contains))
            #expect(OpaqueToken.isWellFormed(token.value))
        }
    }

    @Test func tokensAreUnique() {
        let values = Set((0..<10_000).map { _ in OpaqueToken().value })
        #expect(values.count == 10_000)
    }

    @Test func storageHashIsLowerCaseSHA256Hex() {
        #expect(OpaqueToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let token = OpaqueToken()
        #expect(token.hash == OpaqueToken.hash(token.value))
        #expect(token.hash != token.value)
        #expect(OpaqueToken().hash != token.hash)
    }

    @Test func garbageIsNotWellFormed() {
        #expect(!OpaqueToken.isWellFormed(""))
        #expect(!OpaqueToken.isWellFormed(String(repeating: "A", count: 42)))
        #expect(!OpaqueToken.isWellFormed(String(repeating: "A", count: 42) + "="))
        #expect(!OpaqueToken.isWellFormed(String(repeating: "A", count: 42) + "+"))
        #expect(!OpaqueToken.isWellFormed(String(repeating: "A", count: 44)))
    }

    @Test func interpolatingATokenIntoALogLineDoesNotRevealIt() {
        let token = OpaqueToken()
        #expect(!"\(token)".contains(token.value))
        #expect(!String(reflecting: token).contains(token.value))
    }
}
