/// Upper-case hexadecimal, as quoted-printable and Q encoding require (RFC 2045 §6.7).
enum Hex {
    private static let digits = Array("0123456789ABCDEF".utf8)

    static func byte(_ value: UInt8) -> String {
        var bytes: [UInt8] = []
        appendByte(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the two digits of `value`.
    static func appendByte(_ value: UInt8, to output: inout [UInt8]) {
        output.append(digits[Int(value >> 4)])
        output.append(digits[Int(value & 0x0F)])
    }

    static func random(byteCount: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<byteCount).map { _ in byte(UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
