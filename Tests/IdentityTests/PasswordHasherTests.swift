import Foundation
import Testing

@testable import Identity

@Suite("PasswordHasher")
struct PasswordHasherTests {
    let hasher: PasswordHasher

    init() throws {
        hasher = try PasswordHasher(configuration: .init(cost: 4, threadCount: 2))
    }

    @Test func hashThenVerifyRoundTripsAndRejectsOtherPasswords() async throws {
        let hash = try await hasher.hash("Correct7Horse")
        #expect(hash.hasPrefix("$2b$04$"))
        #expect(hash.count == 60)
        #expect(await hasher.verify("Correct7Horse", against: hash))
        #expect(await !hasher.verify("correct7horse", against: hash))
        #expect(await !hasher.verify("", against: hash))
    }

    @Test func hashingTheSamePasswordTwiceGivesDifferentSaltedHashes() async throws {
        let first = try await hasher.hash("Correct7Horse")
        let second = try await hasher.hash("Correct7Horse")
        #expect(first != second)
        #expect(await hasher.verify("Correct7Horse", against: second))
    }

    @Test func passwordsDifferingOnlyAfterByte72AreDifferentPasswords() async throws {
        let prefix = String(repeating: "Aa1", count: 30)  // 90 bytes
        let hash = try await hasher.hash(prefix + "x")
        #expect(await hasher.verify(prefix + "x", against: hash))
        #expect(await !hasher.verify(prefix + "y", against: hash))
        #expect(await !hasher.verify(String(prefix.prefix(72)), against: hash))
    }

    @Test func aNulByteDoesNotTruncateThePassword() async throws {
        let hash = try await hasher.hash("Secret1\u{0}tail")
        #expect(await !hasher.verify("Secret1", against: hash))
        #expect(await !hasher.verify("Secret1\u{0}other", against: hash))
        #expect(await hasher.verify("Secret1\u{0}tail", against: hash))
    }

    @Test func composedAndDecomposedAccentsAreTheSamePassword() async throws {
        let composed = "Caf\u{E9}Latte1"
        let decomposed = "Cafe\u{301}Latte1"
        #expect(Array(composed.utf8) != Array(decomposed.utf8))
        let hash = try await hasher.hash(composed)
        #expect(await hasher.verify(decomposed, against: hash))
    }

    @Test func malformedStoredHashNeverVerifies() async {
        #expect(await !hasher.verify("anything", against: ""))
        #expect(await !hasher.verify("anything", against: "$2b$04$tooshort"))
        #expect(await !hasher.verify("anything", against: "plaintext"))
    }

    @Test func concurrentHashesRunOnTheDedicatedPoolAtMostThreadCountAtATime() async throws {
        let before = hasher.pool.statistics.completedJobs
        let hashes = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<4 {
                group.addTask { try await hasher.hash("Password\(index)A") }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(hashes.count == 4)
        let statistics = hasher.pool.statistics
        #expect(statistics.completedJobs - before == 4)
        #expect(statistics.peakConcurrency <= 2)
        let thread = try await hasher.pool.run { Thread.current.name ?? "" }
        #expect(thread.hasPrefix("relais-bcrypt-"))
    }

    @Test func dummyVerifyAlwaysFailsAndCostsAboutAsMuchAsARealVerify() async throws {
        let slow = try PasswordHasher(configuration: .init(cost: 8, threadCount: 1))
        let hash = try await slow.hash("Correct7Horse")
        #expect(await !slow.verifyDummy("Correct7Horse"))  // first call makes the dummy hash
        let clock = ContinuousClock()
        var real: [Duration] = []
        var dummy: [Duration] = []
        for _ in 0..<3 {
            real.append(await clock.measure { _ = await slow.verify("Wrong1Password", against: hash) })
            dummy.append(await clock.measure { #expect(await !slow.verifyDummy("Wrong1Password")) })
        }
        // Medians, with a generous bound: this machine is shared, so only an order-of-magnitude
        // gap (e.g. the dummy skipping bcrypt) must fail the test.
        let realMedian = real.sorted()[1]
        let dummyMedian = dummy.sorted()[1]
        #expect(dummyMedian * 4 > realMedian)
        #expect(realMedian * 4 > dummyMedian)
    }

    @Test func outOfRangeSettingsAreRefusedAtStartup() {
        #expect(throws: IdentitySecurityError.self) { try PasswordHasher(configuration: .init(cost: 3)) }
        #expect(throws: IdentitySecurityError.self) { try PasswordHasher(configuration: .init(cost: 32)) }
        #expect(throws: IdentitySecurityError.self) { try PasswordHasher(configuration: .init(cost: 4, threadCount: 0)) }
    }

    @Test func afterShutDownHashingFailsAndVerifyingReturnsFalse() async throws {
        let hasher = try PasswordHasher(configuration: .init(cost: 4, threadCount: 1))
        let hash = try await hasher.hash("Correct7Horse")
        hasher.shutDown()
        await #expect(throws: IdentitySecurityError(.hasherUnavailable)) { _ = try await hasher.hash("Correct7Horse") }
        #expect(await !hasher.verify("Correct7Horse", against: hash))
    }
}
