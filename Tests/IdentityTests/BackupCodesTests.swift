@testable import Identity
import Testing

@Suite("BackupCodes")
struct BackupCodesTests {
    @Test func tenDistinctCodesOfFourDashSeparatedGroupsFromTheUnambiguousAlphabet() {
        let codes = BackupCodes.generate()
        #expect(codes.count == 10)
        #expect(Set(codes).count == 10)
        let alphabet = Set("0123456789abcdefghjkmnpqrstvwxyz")
        for code in codes {
            let groups = code.split(separator: "-", omittingEmptySubsequences: false)
            #expect(groups.count == 4 && groups.allSatisfy { $0.count == 4 }, "\(code)")
            #expect(code.filter { $0 != "-" }.allSatisfy(alphabet.contains), "\(code)")
        }
    }

    @Test func eachCodeCarriesAtLeastFortyBitsOfEntropy() {
        // 32 symbols = 5 bits each.
        #expect(BackupCodes.symbolsPerCode * 5 >= 40)
        #expect(BackupCodes.symbolsPerCode * 5 == 80)
    }

    @Test func typedInputIsNormalisedForCaseSpacesDashesAndLookAlikes() throws {
        let stored = try #require(BackupCodes.hash("7k2m-x9qp-4hr0-ewb1"))
        for typed in ["7k2m-x9qp-4hr0-ewb1", "7K2M-X9QP-4HR0-EWB1", "7k2m x9qp 4hr0 ewb1", "7k2mx9qp4hr0ewb1", " 7k2m-x9qp-4hrO-ewbl ", "7k2m-x9qp-4hro-ewbI"] {
            #expect(BackupCodes.matches(typed, storedHash: stored), "\(typed)")
        }
        #expect(BackupCodes.normalize("7K2M-X9QP-4HRO-EWBL") == "7k2mx9qp4hr0ewb1")
    }

    @Test func otherCodesAndGarbageDoNotMatch() throws {
        let stored = try #require(BackupCodes.hash("7k2m-x9qp-4hr0-ewb1"))
        #expect(!BackupCodes.matches("7k2m-x9qp-4hr0-ewb2", storedHash: stored))
        #expect(!BackupCodes.matches("7k2m-x9qp-4hr0", storedHash: stored))
        #expect(!BackupCodes.matches("7k2m-x9qp-4hr0-ewb1-0", storedHash: stored))
        #expect(!BackupCodes.matches("7k2m-x9qp-4hr0-ewbu", storedHash: stored))  // "u" is not in the alphabet
        #expect(!BackupCodes.matches("", storedHash: stored))
        #expect(BackupCodes.hash("not a code!") == nil)
    }

    @Test func storedValueIsASHA256HexDigestNotTheCode() throws {
        let code = try #require(BackupCodes.generate().first)
        let stored = try #require(BackupCodes.hash(code))
        #expect(stored.count == 64)
        #expect(stored.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(!stored.contains(code.replacingOccurrences(of: "-", with: "")))
        #expect(BackupCodes.hash(code) == stored)
    }
}
