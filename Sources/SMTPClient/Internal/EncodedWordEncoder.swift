/// RFC 2047 encoded-words in UTF-8, for non-ASCII text in headers.
///
/// The whole text is encoded as a run of words (decoders drop the whitespace between adjacent
/// encoded-words, so spaces must travel inside them). Words never split a Unicode scalar's UTF-8
/// sequence, because RFC 2047 §5 requires each word to decode on its own.
struct EncodedWordEncoder {
    /// RFC 2047 §2: an encoded-word is at most 75 characters.
    static let maxWordLength = 75
    /// RFC 2047 §2: a header line containing an encoded-word is at most 76 characters.
    static let maxLineLength = 76
    /// "=?UTF-8?B?" + "?=" plus room for one scalar in either encoding.
    static let minimumWordLength = prefixLength + suffixLength + 12
    private static let prefixLength = "=?UTF-8?Q?".utf8.count
    private static let suffixLength = "?=".utf8.count

    private enum Mode { case q, b }
    private let mode: Mode
    private let phrase: Bool

    /// Chooses Q when it is shorter than B for this text (mostly Latin text), else B.
    init(text: String, phrase: Bool) {
        self.phrase = phrase
        let bytes = Array(text.utf8)
        let qLength = bytes.reduce(0) { $0 + Self.qLength(of: $1, phrase: phrase) }
        let bLength = (bytes.count + 2) / 3 * 4
        mode = qLength <= bLength ? .q : .b
    }

    /// Whether a header value must be encoded: non-ASCII, control characters, or text that a
    /// decoder would mistake for an encoded-word.
    static func needsEncoding(_ text: String) -> Bool {
        // One pass over the bytes: Foundation's `contains` on String costs more than the rest.
        var previous: UInt8 = 0
        var wordLength = 0
        for byte in text.utf8 {
            if byte >= 0x7F || (byte < 0x20 && byte != 0x09) { return true }
            if previous == UInt8(ascii: "=") && byte == UInt8(ascii: "?") { return true }
            wordLength = byte == UInt8(ascii: " ") ? 0 : wordLength + 1
            if wordLength > 70 { return true }
            previous = byte
        }
        return false
    }

    /// The longest word starting at `start` that fits in `maxLength`, and where the next begins.
    func nextWord(
        from scalars: String.UnicodeScalarView,
        at start: String.UnicodeScalarView.Index,
        maxLength: Int
    ) -> (word: String, next: String.UnicodeScalarView.Index) {
        let room = maxLength - Self.prefixLength - Self.suffixLength
        var taken: [UInt8] = []
        var encodedLength = 0
        var index = start
        while index < scalars.endIndex {
            let scalarBytes = scalars[index].utf8
            let newLength: Int
            switch mode {
            case .q: newLength = encodedLength + scalarBytes.reduce(0) { $0 + Self.qLength(of: $1, phrase: phrase) }
            case .b: newLength = (taken.count + scalarBytes.count + 2) / 3 * 4
            }
            // Always take one scalar so a pathological room cannot loop forever.
            if newLength > room && !taken.isEmpty { break }
            taken += scalarBytes
            encodedLength = newLength
            index = scalars.index(after: index)
        }
        let payload: String
        switch mode {
        case .q:
            var encoded: [UInt8] = []
            encoded.reserveCapacity(encodedLength)
            for byte in taken { Self.appendQ(byte, phrase: phrase, to: &encoded) }
            payload = String(decoding: encoded, as: UTF8.self)
        case .b: payload = Base64.encode(taken)
        }
        let letter = mode == .q ? "Q" : "B"
        return ("=?UTF-8?\(letter)?\(payload)?=", index)
    }

    /// RFC 2047 §5: in a phrase (display name) only letters, digits and `!*+-/` may stay
    /// literal; in unstructured text any printable ASCII except `=?_` may.
    private static func isLiteral(_ byte: UInt8, phrase: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "!"), UInt8(ascii: "*"),
             UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"):
            return true
        case UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "_"), UInt8(ascii: " "):
            return false
        case 0x21...0x7E:
            return !phrase && byte != UInt8(ascii: "(") && byte != UInt8(ascii: ")") && byte != UInt8(ascii: "\"")
        default:
            return false
        }
    }

    private static func qLength(of byte: UInt8, phrase: Bool) -> Int {
        byte == UInt8(ascii: " ") || isLiteral(byte, phrase: phrase) ? 1 : 3
    }

    private static func appendQ(_ byte: UInt8, phrase: Bool, to output: inout [UInt8]) {
        if byte == UInt8(ascii: " ") {
            output.append(UInt8(ascii: "_"))
        } else if isLiteral(byte, phrase: phrase) {
            output.append(byte)
        } else {
            output.append(UInt8(ascii: "="))
            Hex.appendByte(byte, to: &output)
        }
    }
}
