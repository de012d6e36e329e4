/// Turns the content of a JSON string with escapes into its text. The parser already checked
/// every escape (including surrogate pairs), so this only translates.
enum JSONStringUnescaper {
    static func unescape(_ content: UnsafeBufferPointer<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(content.count)
        var index = 0
        while index < content.count {
            let byte = content[index]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                index += 1
                continue
            }
            let escaped = content[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = UInt32(unit(content, at: index) ?? 0)
                index += 4
                if (0xD800...0xDBFF).contains(scalar) {
                    let low = UInt32(unit(content, at: index + 2) ?? 0xDC00)
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                // Surrogates were paired by the parser, so every scalar here is valid.
                Unicode.UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}") { output.append($0) }
            default: output.append(escaped)  // '"', '\' and '/' stand for themselves
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The UTF-16 unit written as the four hex digits at `index`, or nil if they are not that.
    static func unit(_ content: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt16? {
        guard index >= 0, index + 4 <= content.count else { return nil }
        var unit: UInt16 = 0
        for offset in 0..<4 {
            guard let digit = HexDecoding.nibble(content[index + offset]) else { return nil }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }
}
