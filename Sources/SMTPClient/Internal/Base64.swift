/// RFC 4648 base64, for encoded-words, base64 bodies and AUTH.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next()
            let third = iterator.next()
            let group = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            output.append(alphabet[Int(group >> 18 & 0x3F)])
            output.append(alphabet[Int(group >> 12 & 0x3F)])
            output.append(second == nil ? UInt8(ascii: "=") : alphabet[Int(group >> 6 & 0x3F)])
            output.append(third == nil ? UInt8(ascii: "=") : alphabet[Int(group & 0x3F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Base64 in lines of at most 76 characters, each ending in CRLF (RFC 2045 §6.8).
    static func encodeLines(_ bytes: [UInt8]) -> String {
        var result = ""
        var start = 0
        // 57 input bytes are exactly 76 output characters.
        while start < bytes.count {
            let end = min(start + 57, bytes.count)
            result += encode(bytes[start..<end]) + "\r\n"
            start = end
        }
        return result
    }
}
