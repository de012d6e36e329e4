/// Splits text into words: runs of letters and digits, joined across an apostrophe or underscore
/// between letters (`read_csv`, `don't`) and a decimal separator between digits (`3.14`).
/// Hyphens separate words. French elisions are dropped ("l'algorithme" → "algorithme",
/// "qu'il" → "il") and so is an English possessive ("Python's" → "Python").
public struct Tokenizer: Sendable {
    /// Whose stop words are marked.
    public let language: TextLanguage
    private let stopWords: Set<String>

    public init(language: TextLanguage) {
        self.language = language
        self.stopWords = StopWords.set(for: language)
    }

    /// The folded content words of `text` in order: stop words and one-letter words removed.
    /// This is what TF-IDF, BM25 and key-term extraction count.
    public func tokens(in text: String) -> [String] {
        words(in: text).compactMap { $0.isContentWord ? $0.folded : nil }
    }

    /// Every word of `text` in order, stop words included and marked.
    public func words(in text: String) -> [WordToken] {
        var words: [WordToken] = []
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            guard Self.isWordScalar(scalars[index]) else {
                index = scalars.index(after: index)
                continue
            }
            let start = index
            var end = scalars.index(after: index)
            while end < scalars.endIndex {
                if Self.isWordScalar(scalars[end]) {
                    end = scalars.index(after: end)
                } else if let afterJoiner = joinerEnd(in: scalars, at: end) {
                    end = afterJoiner
                } else {
                    break
                }
            }
            if let word = word(in: text, range: start..<end) { words.append(word) }
            index = end
        }
        return words
    }

    /// Where the word continues after a joiner at `index`, or `nil` when the character there
    /// ends the word.
    private func joinerEnd(in scalars: String.UnicodeScalarView, at index: String.Index) -> String.Index? {
        let joiner = scalars[index]
        let next = scalars.index(after: index)
        guard index > scalars.startIndex, next < scalars.endIndex else { return nil }
        let before = scalars[scalars.index(before: index)]
        let after = scalars[next]
        switch joiner {
        case "'", "\u{2019}", "_":
            guard Self.isWordScalar(before), Self.isWordScalar(after) else { return nil }
        case ".", ",":
            guard Self.isDigit(before), Self.isDigit(after) else { return nil }
        default:
            return nil
        }
        return scalars.index(after: next)
    }

    /// Builds the token for a raw word, removing elided articles and a possessive "'s".
    private func word(in text: String, range: Range<String.Index>) -> WordToken? {
        var range = range
        while let apostrophe = text[range].firstIndex(where: Self.isApostrophe) {
            let head = TextFolding.fold(text[range.lowerBound..<apostrophe])
            if Self.elidedWords.contains(head) {
                range = text.index(after: apostrophe)..<range.upperBound
            } else {
                break
            }
        }
        if let apostrophe = text[range].lastIndex(where: Self.isApostrophe),
           TextFolding.fold(text[text.index(after: apostrophe)..<range.upperBound]) == "s" {
            range = range.lowerBound..<apostrophe
        }
        guard !range.isEmpty else { return nil }
        let surface = String(text[range])
        let folded = TextFolding.fold(surface)
        return WordToken(surface: surface, folded: folded, range: range, isStopWord: stopWords.contains(folded))
    }

    /// French words that lose their vowel before another word: "l'", "d'", "qu'", "jusqu'"...
    private static let elidedWords: Set<String> = [
        "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
        "quelqu",
    ]

    private static func isApostrophe(_ character: Character) -> Bool {
        character == "'" || character == "\u{2019}"
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (48...57).contains(value) || (65...90).contains(value) || (97...122).contains(value)
        }
        let properties = scalar.properties
        // Combining accents belong to the letter before them (text written decomposed).
        return properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.numericType == .decimal
    }
}
