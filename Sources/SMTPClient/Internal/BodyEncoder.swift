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
        let bytes = Array(text.utf8)
        let lines = lineRanges(bytes)
        let byteCount = lines.reduce(0) { $0 + $1.count + 2 }
        let isPlain = lines.allSatisfy { range in
            range.count <= plainLineLimit && bytes[range].allSatisfy { (0x20...0x7E).contains($0) || $0 == 0x09 }
                && (range.isEmpty || (bytes[range.upperBound - 1] != 0x20 && bytes[range.upperBound - 1] != 0x09))
        }
        var body: [UInt8] = []
        if isPlain {
            body.reserveCapacity(byteCount)
            for range in lines { body += bytes[range]; body += [0x0D, 0x0A] }
            return (.sevenBit, body)
        }
        let nonASCII = bytes.count(where: { $0 >= 0x80 })
        // Quoted-printable triples every non-ASCII byte; past a third of the text base64 is shorter.
        if nonASCII * 3 > byteCount {
            var joined: [UInt8] = []
            joined.reserveCapacity(byteCount)
            for range in lines { joined += bytes[range]; joined += [0x0D, 0x0A] }
            return (.base64, Array(Base64.encodeLines(joined).utf8))
        }
        body.reserveCapacity(byteCount + nonASCII * 2 + byteCount / 64 * 3)
        for range in lines { appendQuotedPrintable(bytes[range], to: &body) }
        return (.quotedPrintable, body)
    }

    /// Where each line is, without its ending: splits on CRLF, LF or a lone CR, since callers
    /// may hand in text from any platform.
    static func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x0A || byte == 0x0D else {
                index += 1
                continue
            }
            lines.append(lineStart..<index)
            index += byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
            lineStart = index
        }
        if lineStart < bytes.count || lines.isEmpty { lines.append(lineStart..<bytes.count) }
        return lines
    }

    /// One hard line in quoted-printable, with soft line breaks, ending in CRLF.
    private static func appendQuotedPrintable(_ line: ArraySlice<UInt8>, to output: inout [UInt8]) {
        var lineLength = 0
        for index in line.indices {
            let byte = line[index]
            let isLast = index == line.endIndex - 1
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
