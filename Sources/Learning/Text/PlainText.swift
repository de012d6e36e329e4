/// Turns lesson rich text (HTML) into the plain text every algorithm here reads.
public enum PlainText {
    /// Removes tags, comments and the content of `<script>`, `<style>` and `<title>`; block elements
    /// (`p`, `div`, `h1`–`h6`, lists, tables) become paragraph or line breaks; character
    /// references are decoded. Runs of spaces collapse, lines are trimmed and paragraphs are
    /// separated by exactly one blank line.
    public static func fromHTML(_ html: String) -> String {
        let scalars = Array(html.unicodeScalars)
        var text = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<", let tag = HTMLTag.parse(scalars, at: index) {
                index = tag.end
                if tag.isDroppedWithContent {
                    index = HTMLTag.endOfDroppedContent(scalars, named: tag.name, from: index)
                } else {
                    text.append(contentsOf: tag.textBreak.unicodeScalars)
                }
            } else if scalar == "&", let entity = HTMLEntities.decode(scalars, at: index) {
                text.append(contentsOf: entity.text.unicodeScalars)
                index = entity.end
            } else {
                // Source line breaks are mere spaces in HTML; only elements break lines.
                text.append(scalar.properties.isWhitespace ? " " : scalar)
                index += 1
            }
        }
        return normalizeWhitespace(String(text))
    }

    /// Collapses spaces, trims lines and keeps at most one blank line between paragraphs.
    static func normalizeWhitespace(_ text: String) -> String {
        var lines: [String] = []
        var pendingBlank = false
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            if line.isEmpty {
                pendingBlank = !lines.isEmpty
            } else {
                if pendingBlank { lines.append("") }
                lines.append(line)
                pendingBlank = false
            }
        }
        return lines.joined(separator: "\n")
    }
}
