extension Sequence<UInt8> {
    /// The bytes as lower-case hexadecimal, two digits per byte.
    public var lowercaseHex: String {
        let digits = Array("0123456789abcdef".utf8)
        var output = [UInt8]()
        output.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// Hexadecimal text back to bytes (either case).
public enum HexDecoding {
    /// - Returns: the bytes, or nil when `text` has an odd length or a non-hex character.
    public static func bytes(_ text: some StringProtocol) -> [UInt8]? {
        bytes(utf8: text.utf8)
    }

    /// The same, from the text's UTF-8 bytes.
    public static func bytes(utf8 text: some Collection<UInt8>) -> [UInt8]? {
        let utf8 = Array(text)
        guard utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    public static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case 0x30...0x39: character - 0x30
        case 0x61...0x66: character - 0x61 + 10
        case 0x41...0x46: character - 0x41 + 10
        default: nil
        }
    }
}
