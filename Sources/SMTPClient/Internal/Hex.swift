/// Upper-case hexadecimal, as quoted-printable and Q encoding require (RFC 2045 §6.7).
enum Hex {
    private static let digits = Array("0123456789ABCDEF".utf8)

    /// Appends the two digits of `value`.
    static func appendByte(_ value: UInt8, to output: inout [UInt8]) {
        output.append(digits[Int(value >> 4)])
        output.append(digits[Int(value & 0x0F)])
    }

    static func random(byteCount: Int) -> String {
        // Eight bytes per draw: each draw from the system generator is a getrandom call.
        var generator = SystemRandomNumberGenerator()
        var output: [UInt8] = []
        output.reserveCapacity(byteCount * 2)
        var word: UInt64 = 0
        for index in 0..<byteCount {
            if index % 8 == 0 { word = generator.next() }
            appendByte(UInt8(truncatingIfNeeded: word >> (8 * UInt64(index % 8))), to: &output)
        }
        return String(decoding: output, as: UTF8.self)
    }
}
