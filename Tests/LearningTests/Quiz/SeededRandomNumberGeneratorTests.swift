import Learning
import Testing

@Suite("SeededRandomNumberGenerator")
struct SeededRandomNumberGeneratorTests {
    @Test func itIsSplitMix64() {
        // Reference outputs of SplitMix64 for seed 0 (Vigna's splitmix64.c).
        var random = SeededRandomNumberGenerator(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func theSameSeedGivesTheSameSequenceAndAnotherSeedAnother() {
        var a = SeededRandomNumberGenerator(seed: 42)
        var b = SeededRandomNumberGenerator(seed: 42)
        var c = SeededRandomNumberGenerator(seed: 43)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
    }

    @Test func boundedIntegersAreInRangeAndRoughlyUniform() {
        var random = SeededRandomNumberGenerator(seed: 7)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 { counts[random.nextIndex(below: 6)] += 1 }
        #expect(counts.allSatisfy { (9_500...10_500).contains($0) })
        for _ in 0..<1_000 {
            let unit = random.nextUnitInterval()
            #expect(unit >= 0 && unit < 1)
        }
    }

    @Test func shuffleAndSampleArePermutationsAndSubsets() {
        var random = SeededRandomNumberGenerator(seed: 9)
        var values = Array(0..<50)
        random.shuffle(&values)
        #expect(values.sorted() == Array(0..<50))
        #expect(values != Array(0..<50))
        let sample = random.sample(Array(0..<10), count: 4)
        #expect(sample.count == 4 && Set(sample).count == 4 && sample.allSatisfy { (0..<10).contains($0) })
        #expect(random.sample([1, 2], count: 5).sorted() == [1, 2])
    }
}
