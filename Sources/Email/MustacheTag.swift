import Foundation

/// A tag found in a template's source text, as the load-time checks need to see it.
///
/// swift-mustache keeps its parsed tokens internal, so the catalogue reads tags from the
/// source itself. The scan only has to agree with the parser on sources the parser accepted
/// and that keep the default `{{ }}` delimiters, which the checks insist on.
struct MustacheTag: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case variable
        case unescapedVariable
        case section
        case invertedSection
        case sectionEnd
        case comment
        case partial
        case parentPartial
        case block
        case pragma
        case setDelimiter
    }

    let kind: Kind
    /// The variable, section, partial or block name, without sigil or surrounding spaces.
    let name: String
    /// The tag as written, for error messages; templates hold no recipient data.
    let source: String
    /// 1-based line of the tag's opening braces.
    let line: Int

    /// Whether rendering the tag reads a variable from the render call's values.
    var readsVariable: Bool {
        switch kind {
        case .variable, .unescapedVariable, .section, .invertedSection: true
        case .sectionEnd, .comment, .partial, .parentPartial, .block, .pragma, .setDelimiter: false
        }
    }

    /// Every tag of `text`, in order of appearance.
    static func scan(_ text: String) -> [MustacheTag] {
        var tags: [MustacheTag] = []
        var remainder = text[...]
        var line = 1
        while let open = remainder.range(of: "{{") {
            line += remainder[..<open.lowerBound].count(where: \.isNewline)
            let afterOpen = remainder[open.upperBound...]
            let isTriple = afterOpen.first == "{"
            guard let close = afterOpen.range(of: isTriple ? "}}}" : "}}") else { break }
            let source = remainder[open.lowerBound..<close.upperBound]
            let inner = afterOpen[..<close.lowerBound]
            tags.append(MustacheTag(inner: inner, source: String(source), line: line))
            line += source.count(where: \.isNewline)
            remainder = afterOpen[close.upperBound...]
        }
        return tags
    }

    private init(inner: Substring, source: String, line: Int) {
        // A triple mustache's inner text keeps its third opening brace, which marks it here.
        let kind: Kind =
            switch inner.first {
            case "{", "&": .unescapedVariable
            case "#": .section
            case "^": .invertedSection
            case "/": .sectionEnd
            case "!": .comment
            case ">": .partial
            case "<": .parentPartial
            case "$": .block
            case "%": .pragma
            case "=": .setDelimiter
            default: .variable
            }
        let name = kind == .variable ? inner : inner.dropFirst()
        self.kind = kind
        self.name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        self.source = source
        self.line = line
    }
}
