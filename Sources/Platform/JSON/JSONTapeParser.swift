/// Strict RFC 8259 parsing into a `JSONTape`: one value, optional surrounding whitespace,
/// valid UTF-8, no trailing commas, nesting at most `maxDepth` deep (a hostile payload cannot
/// exhaust the stack).
struct JSONTapeParser {
    static let maxDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    private var nodes: [JSONTape.Node] = []

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        nodes.reserveCapacity(16)
    }

    static func parse(_ bytes: [UInt8]) throws -> [JSONTape.Node] {
        guard bytes.count < Int(Int32.max) else { throw JSONTapeParser.error("the text is too large", at: 0) }
        return try bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONTapeParser(bytes: buffer)
            try parser.parseValue()
            parser.skipWhitespace()
            guard parser.index == buffer.count else { throw parser.error("unexpected text after the value") }
            // The last node is a null standing for absent members (see `JSONTape.absentIndex`).
            parser.appendScalar(.null, isPlain: true, start: buffer.count, end: buffer.count)
            return parser.nodes
        }
    }

    // MARK: values

    private mutating func parseValue() throws {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of text") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try parseObject()
        case UInt8(ascii: "["): try parseArray()
        case UInt8(ascii: "\""): try parseString()
        case UInt8(ascii: "t"): try parseLiteral("true", kind: .true)
        case UInt8(ascii: "f"): try parseLiteral("false", kind: .false)
        case UInt8(ascii: "n"): try parseLiteral("null", kind: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try parseNumber()
        default: throw error("unexpected character")
        }
    }

    private mutating func parseObject() throws {
        let slot = try openContainer(.object)
        var count: Int32 = 0
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else { throw error("expected a member name") }
                try parseString()
                skipWhitespace()
                guard peek() == UInt8(ascii: ":") else { throw error("expected ':' after a member name") }
                index += 1
                try parseValue()
                count += 1
                skipWhitespace()
                if try closes(with: UInt8(ascii: "}")) { break }
            }
        }
        closeContainer(slot, count: count)
    }

    private mutating func parseArray() throws {
        let slot = try openContainer(.array)
        var count: Int32 = 0
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
        } else {
            while true {
                try parseValue()
                count += 1
                skipWhitespace()
                if try closes(with: UInt8(ascii: "]")) { break }
            }
        }
        closeContainer(slot, count: count)
    }

    /// After a member or element: `,` continues (returns false), `closer` ends the container.
    private mutating func closes(with closer: UInt8) throws -> Bool {
        switch peek() {
        case UInt8(ascii: ","):
            index += 1
            return false
        case closer:
            index += 1
            return true
        default:
            throw error("expected ',' or '\(Character(Unicode.Scalar(closer)))'")
        }
    }

    private mutating func openContainer(_ kind: JSONTape.Kind) throws -> Int {
        depth += 1
        guard depth <= Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
        index += 1
        nodes.append(JSONTape.Node(kind: kind, isPlain: true, start: Int32(index), end: Int32(index), count: 0, next: 0))
        return nodes.count - 1
    }

    private mutating func closeContainer(_ slot: Int, count: Int32) {
        depth -= 1
        nodes[slot].count = count
        nodes[slot].end = Int32(index)
        nodes[slot].next = Int32(nodes.count)
    }

    private mutating func parseString() throws {
        index += 1  // the opening quote
        let start = index
        var isPlain = true
        while true {
            guard index < bytes.count else { throw error("unterminated string") }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                appendScalar(.string, isPlain: isPlain, start: start, end: index)
                index += 1
                return
            case UInt8(ascii: "\\"):
                isPlain = false
                try skipEscape()
            case 0..<0x20:
                throw error("control character in a string")
            case 0x80...:
                guard let length = UTF8Validation.sequenceLength(bytes, at: index) else { throw error("invalid UTF-8") }
                index += length
            default:
                index += 1
            }
        }
    }

    /// Checks one escape sequence (the index is on its backslash) and moves past it. A `\u`
    /// high surrogate must be followed by a low one, and a low one never stands alone.
    private mutating func skipEscape() throws {
        index += 1
        guard index < bytes.count else { throw error("unterminated string") }
        switch bytes[index] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 1
        case UInt8(ascii: "u"):
            let unit = try hexUnit(at: index + 1)
            index += 5
            if (0xDC00...0xDFFF).contains(unit) { throw error("unpaired low surrogate") }
            if (0xD800...0xDBFF).contains(unit) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u"),
                      (0xDC00...0xDFFF).contains(try hexUnit(at: index + 2)) else {
                    throw error("unpaired high surrogate")
                }
                index += 6
            }
        default:
            throw error("invalid escape")
        }
    }

    private func hexUnit(at position: Int) throws -> UInt16 {
        guard let unit = JSONStringUnescaper.unit(bytes, at: position) else { throw error("invalid \\u escape") }
        return unit
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func parseNumber() throws {
        let start = index
        var isPlain = true
        if peek() == UInt8(ascii: "-") { index += 1 }
        if peek() == UInt8(ascii: "0") {
            index += 1
        } else {
            guard skipDigits() else { throw error("invalid number") }
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            isPlain = false
            guard skipDigits() else { throw error("digits expected after '.'") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            isPlain = false
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() else { throw error("digits expected in the exponent") }
        }
        appendScalar(.number, isPlain: isPlain, start: start, end: index)
    }

    /// - Returns: whether at least one digit was skipped.
    private mutating func skipDigits() -> Bool {
        let start = index
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
        return index > start
    }

    private mutating func parseLiteral(_ literal: StaticString, kind: JSONTape.Kind) throws {
        let length = literal.utf8CodeUnitCount
        guard index + length <= bytes.count else { throw error("unexpected end of text") }
        for offset in 0..<length where bytes[index + offset] != literal.utf8Start[offset] {
            throw error("unexpected character")
        }
        appendScalar(kind, isPlain: true, start: index, end: index + length)
        index += length
    }

    private mutating func appendScalar(_ kind: JSONTape.Kind, isPlain: Bool, start: Int, end: Int) {
        nodes.append(JSONTape.Node(kind: kind, isPlain: isPlain, start: Int32(start), end: Int32(end), count: 0,
                                   next: Int32(nodes.count + 1)))
    }

    // MARK: bytes

    @inline(__always)
    private func peek() -> UInt8? {
        index < bytes.count ? bytes[index] : nil
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    private func error(_ reason: String) -> DecodingError {
        Self.error(reason, at: index)
    }

    private static func error(_ reason: String, at offset: Int) -> DecodingError {
        DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "The given data was not valid JSON: \(reason) at byte \(offset)."))
    }
}
