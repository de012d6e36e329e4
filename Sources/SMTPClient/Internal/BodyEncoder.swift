/// Chooses a Content-Transfer-Encoding for a text body and applies it, so that every line
/// stays short and the body is 7-bit: it then survives any server, with or without 8BITMIME.
enum BodyEncoder {
    enum TransferEncoding: String {
        case sevenBit = "7bit"
        case quotedPrintable = "quoted-printable"
        case base64
    }

    /// RFC 5322 §2.1.1 recommends 78; text that fits stays readable as is.
    private static let plainLineLimit = 78
    /// RFC 2045 §6.7 (5): encoded lines are at most 76 characters.
    private static let encodedLineLimit = 76

    /// The encoding and the encoded body, with CRLF line endings and a final CRLF.
    /// Bytes, not a String: the writer appends them as they are, and a String built unit by
    /// unit was most of an email's rendering time.
    static func encode(_ text: String) -> (encoding: TransferEncoding, body: [UInt8]) {
        let lines = normalizedLines(text)
        let byteCount = lines.reduce(0) { $0 + $1.count + 2 }
        let isPlain = lines.allSatisfy { line in
            line.count <= plainLineLimit && line.allSatisfy { (0x20...0x7E).contains($0) || $0 == 0x09 }
                && line.last != 0x20 && line.last != 0x09
        }
        if isPlain {
            var body: [UInt8] = []
            body.reserveCapacity(byteCount)
            for line in lines { body += line + [0x0D, 0x0A] }
            return (.sevenBit, body)
        }
        let nonASCII = lines.reduce(0) { count, line in count + line.count(where: { $0 >= 0x80 }) }
        // Quoted-printable triples every non-ASCII byte; past a third of the text base64 is shorter.
        if nonASCII * 3 > byteCount {
            let joined: [UInt8] = lines.flatMap { line in line + [0x0D, 0x0A] }
            return (.base64, Array(Base64.encodeLines(joined).utf8))
        }
        var body: [UInt8] = []
        body.reserveCapacity(byteCount + nonASCII * 2 + byteCount / 64 * 3)
        for line in lines { appendQuotedPrintable(line, to: &body) }
        return (.quotedPrintable, body)
    }

    /// Splits on CRLF, LF or a lone CR: callers may hand in text from any platform.
    static func normalizedLines(_ text: String) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == 0x0A && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = byte == 0x0D
            if byte == 0x0A || byte == 0x0D {
                lines.append(current)
                current = []
            } else {
                current.append(byte)
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// One hard line in quoted-printable, with soft line breaks, ending in CRLF.
    private static func appendQuotedPrintable(_ line: [UInt8], to output: inout [UInt8]) {
        var lineLength = 0
        for (index, byte) in line.enumerated() {
            let isLast = index == line.count - 1
            let literal = (0x21...0x7E).contains(byte) && byte != UInt8(ascii: "=")
                || ((byte == 0x20 || byte == 0x09) && !isLast)
            let unitLength = literal ? 1 : 3
            // Keep room for the "=" of a soft break, unless this unit ends the line.
            let limit = isLast ? encodedLineLimit : encodedLineLimit - 1
            if lineLength + unitLength > limit {
                output += [UInt8(ascii: "="), 0x0D, 0x0A]
                lineLength = 0
            }
            if literal {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "="))
                Hex.appendByte(byte, to: &output)
            }
            lineLength += unitLength
        }
        output += [0x0D, 0x0A]
    }
}
