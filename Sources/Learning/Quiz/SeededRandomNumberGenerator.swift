/// A reproducible random number generator (SplitMix64): the same seed gives the same sequence
/// on every machine and Swift version.
///
/// The helpers below are used instead of the standard library's `shuffle(using:)` and
/// `random(in:using:)`, whose algorithms are not guaranteed to stay the same, so that a quiz
/// stored with its seed can be regenerated identically after a toolchain upgrade.
public struct SeededRandomNumberGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A uniform integer in `0..<upperBound` (Lemire's multiply-and-reject, unbiased).
    /// - Precondition: `upperBound > 0`.
    public mutating func nextIndex(below upperBound: Int) -> Int {
        let bound = UInt64(upperBound)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return Int(product.high)
    }

    /// A uniform double in `0..<1` with 53 random bits.
    public mutating func nextUnitInterval() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Fisher–Yates shuffle of `elements` in place.
    public mutating func shuffle<Element>(_ elements: inout [Element]) {
        guard elements.count > 1 else { return }
        for index in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(index, nextIndex(below: index + 1))
        }
    }

    /// `count` distinct elements of `elements` chosen uniformly, in the order drawn.
    public mutating func sample<Element>(_ elements: [Element], count: Int) -> [Element] {
        var pool = elements
        let count = min(count, pool.count)
        for index in 0..<count {
            pool.swapAt(index, index + nextIndex(below: pool.count - index))
        }
        return Array(pool.prefix(count))
    }
}
