import Foundation

/// Base64url without padding (RFC 4648 §5), as JWTs and our opaque tokens use it.
/// jwt-kit has its own helpers but keeps them `package`-internal.
public enum Base64URL {
    /// Encodes bytes as base64url without `=` padding.
    public static func encode(_ bytes: some DataProtocol) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.last == "=" { text.removeLast() }
        return String(
            text.map { character -> Character in
                switch character {
                case "+": "-"
                case "/": "_"
                default: character
                }
            }
        )
    }

    /// Decodes unpadded base64url. Returns nil for any character outside the URL-safe alphabet
    /// (including `=`, `+`, `/` and whitespace) and for non-canonical input whose unused trailing
    /// bits are not zero, so every byte string has exactly one accepted spelling.
    public static func decode(_ text: Substring) -> Data? {
        var standard = [UInt8]()
        standard.reserveCapacity(text.utf8.count + 3)
        var lastValue: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                lastValue = byte - UInt8(ascii: "A")
                standard.append(byte)
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                lastValue = byte - UInt8(ascii: "a") + 26
                standard.append(byte)
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                lastValue = byte - UInt8(ascii: "0") + 52
                standard.append(byte)
            case UInt8(ascii: "-"):
                lastValue = 62
                standard.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"):
                lastValue = 63
                standard.append(UInt8(ascii: "/"))
            default:
                return nil
            }
        }
        switch standard.count % 4 {
        case 1:
            // No byte string encodes to a length of 1 mod 4.
            return nil
        case 2:
            // The last symbol carries 2 data bits; the other 4 must be zero.
            guard lastValue & 0x0F == 0 else { return nil }
            standard.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "=")])
        case 3:
            // The last symbol carries 4 data bits; the other 2 must be zero.
            guard lastValue & 0x03 == 0 else { return nil }
            standard.append(UInt8(ascii: "="))
        default:
            break
        }
        return Data(base64Encoded: Data(standard))
    }
}
