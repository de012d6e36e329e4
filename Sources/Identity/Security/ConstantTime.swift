/// Comparisons whose running time does not depend on where two secrets first differ, so an
/// attacker timing our answers learns nothing about how close a guess was.
public enum ConstantTime {
    /// Whether the two byte sequences are equal. Only the length may leak through timing, and
    /// every caller compares values of a public, fixed length (hashes, codes).
    public static func equals(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) {
            difference |= left ^ right
        }
        return difference == 0
    }

    /// Whether the UTF-8 encodings of the two strings are equal, compared in constant time.
    public static func equals(_ lhs: String, _ rhs: String) -> Bool {
        equals(Array(lhs.utf8), Array(rhs.utf8))
    }
}
