/// Bytes from the operating system's CSPRNG. `SystemRandomNumberGenerator` is documented as
/// cryptographically secure on every platform Swift runs on (getrandom / arc4random).
enum SecureRandom {
    /// `count` uniformly random bytes.
    static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var result = [UInt8]()
        result.reserveCapacity(count + 7)
        while result.count < count {
            let word = generator.next()
            withUnsafeBytes(of: word) { result.append(contentsOf: $0) }
        }
        result.removeLast(result.count - count)
        return result
    }
}
