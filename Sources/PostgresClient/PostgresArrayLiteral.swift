/// PostgreSQL's one-dimensional array text format, both ways (pure functions).
enum PostgresArrayLiteral {
    /// `{"a","b \"q\"",NULL}`: every element quoted, `"` and `\` escaped, so commas, braces,
    /// whitespace and the word NULL inside an element stay data.
    static func format(_ values: [PostgresValue]) -> String {
        var out = "{"
        for (index, value) in values.enumerated() {
            if index > 0 { out += "," }
            switch value {
            case .null:
                out += "NULL"
            case .text(let text):
                appendQuoted(text, to: &out)
            case .binary(let bytes):
                appendQuoted(PostgresBytea.hex(bytes), to: &out)
            }
        }
        return out + "}"
    }

    private static func appendQuoted(_ text: String, to out: inout String) {
        out += "\""
        for character in text.unicodeScalars {
            if character == "\"" || character == "\\" { out += "\\" }
            out.unicodeScalars.append(character)
        }
        out += "\""
    }

    /// Parses `{…}` (optionally preceded by `[lo:hi]=` bounds) into elements, nil meaning NULL.
    /// Returns nil for anything that is not a one-dimensional array literal.
    static func parse(_ text: String) -> [String?]? {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "[" {
            // Non-default lower bounds: drop the decoration, keep the elements in order.
            guard let equals = scalars.firstIndex(of: "=") else { return nil }
            scalars = scalars[scalars.index(after: equals)...]
        }
        guard scalars.first == "{", scalars.last == "}" else { return nil }
        scalars = scalars.dropFirst().dropLast()
        var elements: [String?] = []
        if scalars.allSatisfy({ $0 == " " }) { return elements }

        var iterator = scalars.makeIterator()
        var current = String.UnicodeScalarView()
        var quoted = false, inQuotes = false, sawBackslash = false
        func finish() -> Bool {
            let value = String(current)
            if !quoted {
                let trimmed = value.trimmingSpaces()
                if trimmed.isEmpty { return false }
                elements.append(trimmed.uppercased() == "NULL" && !sawBackslash ? nil : trimmed)
            } else {
                elements.append(value)
            }
            current = String.UnicodeScalarView()
            quoted = false
            sawBackslash = false
            return true
        }
        while let scalar = iterator.next() {
            switch scalar {
            case "\\":
                guard let escaped = iterator.next() else { return nil }
                current.append(escaped)
                sawBackslash = true
            case "\"":
                if !inQuotes {
                    // Only whitespace may precede an opening quote, and an element has one quoted part.
                    guard !quoted, current.allSatisfy({ $0 == " " }) else { return nil }
                    current = String.UnicodeScalarView()
                }
                inQuotes.toggle()
                quoted = true
            case "{" where !inQuotes, "}" where !inQuotes:
                return nil  // nested dimension: not a one-dimensional array
            case "," where !inQuotes:
                guard finish() else { return nil }
            default:
                if quoted && !inQuotes {
                    guard scalar == " " else { return nil }
                    continue
                }
                current.append(scalar)
            }
        }
        guard !inQuotes, finish() else { return nil }
        return elements
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var view = Substring(self)
        while view.first == " " { view = view.dropFirst() }
        while view.last == " " { view = view.dropLast() }
        return String(view)
    }
}
