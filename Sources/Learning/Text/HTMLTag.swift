/// One tag or comment found while stripping HTML: how far it extends and which break, if any,
/// it stands for in plain text.
struct HTMLTag {
    /// Lower-cased element name; empty for comments and declarations.
    let name: String
    let isClosing: Bool
    /// Index just after the tag's `>`.
    let end: Int

    /// Parses the tag starting at `start` (a `<`); `nil` when the `<` is text ("a < b").
    static func parse(_ scalars: [Unicode.Scalar], at start: Int) -> HTMLTag? {
        if matches(scalars, at: start, "<!--") {
            let close = find(scalars, "-->", from: start + 4)
            return HTMLTag(name: "", isClosing: false, end: close.map { $0 + 3 } ?? scalars.count)
        }
        var index = start + 1
        let isClosing = index < scalars.count && scalars[index] == "/"
        if isClosing { index += 1 }
        let nameStart = index
        while index < scalars.count, scalars[index].properties.isAlphabetic || ("0"..."9").contains(scalars[index]) {
            index += 1
        }
        let isDeclaration = !isClosing && index == nameStart && index < scalars.count && scalars[index] == "!"
        guard index > nameStart || isDeclaration else { return nil }
        let name = String(String.UnicodeScalarView(scalars[nameStart..<index])).lowercased()
        // Attribute values may contain ">", so quoted runs are skipped.
        var quote: Unicode.Scalar?
        while index < scalars.count {
            let scalar = scalars[index]
            if let open = quote {
                if scalar == open { quote = nil }
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
            } else if scalar == ">" {
                return HTMLTag(name: name, isClosing: isClosing, end: index + 1)
            }
            index += 1
        }
        return HTMLTag(name: name, isClosing: isClosing, end: scalars.count)
    }

    /// Elements dropped with their content: code (`<script>`, `<style>`), the document title
    /// (metadata, repeated by the first heading) and inert templates.
    var isDroppedWithContent: Bool {
        !isClosing && (name == "script" || name == "style" || name == "title" || name == "template")
    }

    /// The plain-text break this tag stands for.
    var textBreak: String {
        switch name {
        case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "pre",
             "section", "article", "header", "footer", "aside", "nav", "main", "figure", "figcaption", "hr":
            "\n\n"
        case "br", "li", "tr", "dt", "dd", "caption":
            // Only the opening tag breaks, so consecutive items are not a blank line apart.
            isClosing ? "" : "\n"
        case "td", "th":
            " "
        default:
            ""
        }
    }

    /// Index just after the `</name>` that ends a dropped element (or the end of input).
    static func endOfDroppedContent(_ scalars: [Unicode.Scalar], named name: String, from start: Int) -> Int {
        var index = start
        while let open = find(scalars, "</", from: index) {
            if let tag = parse(scalars, at: open), tag.isClosing, tag.name == name { return tag.end }
            index = open + 2
        }
        return scalars.count
    }

    private static func matches(_ scalars: [Unicode.Scalar], at index: Int, _ literal: String) -> Bool {
        let pattern = Array(literal.unicodeScalars)
        guard index + pattern.count <= scalars.count else { return false }
        return (0..<pattern.count).allSatisfy { scalars[index + $0] == pattern[$0] }
    }

    private static func find(_ scalars: [Unicode.Scalar], _ literal: String, from start: Int) -> Int? {
        guard start < scalars.count else { return nil }
        return (start..<scalars.count).first { matches(scalars, at: $0, literal) }
    }
}
