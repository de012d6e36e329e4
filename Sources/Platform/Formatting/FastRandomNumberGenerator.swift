import Synchronization

/// 64-bit random numbers without a system call: SplitMix64 over one process-wide atomic counter
/// seeded from the system generator at first use.
///
/// `SystemRandomNumberGenerator` costs a getrandom(2) call per value, and a worker derives a span
/// id for every command it handles. Outputs never repeat within a process (SplitMix64's mixing is
/// a bijection of the counter). Not for secrets: tokens and keys use the system generator.
public struct FastRandomNumberGenerator: RandomNumberGenerator, Sendable {
    private static let counter = Atomic<UInt64>(UInt64.random(in: .min ... .max))

    public init() {}

    public mutating func next() -> UInt64 {
        let golden: UInt64 = 0x9E37_79B9_7F4A_7C15
        var z = Self.counter.wrappingAdd(golden, ordering: .relaxed).newValue
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
