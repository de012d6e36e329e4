import Foundation

/// Parses the canonical 36-character UUID text (either case) without Foundation's general
/// parser, which costs more than the rest of reading a command envelope.
public enum UUIDText {
    /// The UUID written in `text`, or nil when it is not exactly the canonical form.
    public static func parse(_ text: String) -> UUID? {
        var utf8 = text.utf8
        return utf8.withContiguousStorageIfAvailable(parse) ?? {
            var copy = text
            copy.makeContiguousUTF8()
            utf8 = copy.utf8
            return utf8.withContiguousStorageIfAvailable(parse) ?? nil
        }()
    }

    /// The same for the raw bytes of a header value.
    public static func parse(bytes: [UInt8]) -> UUID? {
        bytes.withUnsafeBufferPointer(parse)
    }

    public static func parse(bytes: ArraySlice<UInt8>) -> UUID? {
        bytes.withUnsafeBufferPointer(parse)
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard bytes.count == 36 else { return nil }
        var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &uuid) { value -> Bool in
            var index = 0
            var written = 0
            while index < 36 {
                if index == 8 || index == 13 || index == 18 || index == 23 {
                    guard bytes[index] == UInt8(ascii: "-") else { return false }
                    index += 1
                    continue
                }
                guard let high = nibble(bytes[index]), let low = nibble(bytes[index + 1]) else { return false }
                value[written] = high << 4 | low
                written += 1
                index += 2
            }
            return true
        }
        return parsed ? UUID(uuid: uuid) : nil
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
