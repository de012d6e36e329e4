/// bytea's text forms (pure functions): hex (`\x0aff`, the default) and the legacy escape form.
enum PostgresBytea {
    private static let digits = Array("0123456789abcdef".utf8)

    static func hex(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        out.reserveCapacity(2 + bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// nil when `text` is neither valid hex nor valid escape output.
    static func parse(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        if utf8.starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "x")]) {
            return parseHex(utf8[2...])
        }
        return parseEscape(utf8)
    }

    private static func parseHex(_ utf8: ArraySlice<UInt8>) -> [UInt8]? {
        guard utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = utf8.startIndex
        while index < utf8.endIndex {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// `\\` is a backslash, `\ooo` an octal byte, anything else itself.
    private static func parseEscape(_ utf8: [UInt8]) -> [UInt8]? {
        var bytes: [UInt8] = []
        var index = 0
        while index < utf8.count {
            let c = utf8[index]
            guard c == UInt8(ascii: "\\") else {
                bytes.append(c)
                index += 1
                continue
            }
            if index + 1 < utf8.count, utf8[index + 1] == UInt8(ascii: "\\") {
                bytes.append(c)
                index += 2
                continue
            }
            var value = 0
            for offset in 1...3 {
                guard index + offset < utf8.count else { return nil }
                let digit = Int(utf8[index + offset]) - Int(UInt8(ascii: "0"))
                guard (0...7).contains(digit) else { return nil }
                value = value * 8 + digit
            }
            guard value <= 255 else { return nil }
            bytes.append(UInt8(value))
            index += 4
        }
        return bytes
    }
}
