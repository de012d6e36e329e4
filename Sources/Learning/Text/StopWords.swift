/// Stop words of French and English, folded (see `TextFolding`): the words the tokenizer drops
/// and the language detector counts.
public enum StopWords {
    /// The folded stop words of `language`.
    public static func set(for language: TextLanguage) -> Set<String> {
        switch language {
        case .french: frenchSet
        case .english: englishSet
        }
    }

    /// Whether an already folded word is a stop word of `language`.
    public static func contains(_ foldedWord: String, language: TextLanguage) -> Bool {
        set(for: language).contains(foldedWord)
    }

    private static let frenchSet = foldedSet(french)
    private static let englishSet = foldedSet(english)

    private static func foldedSet(_ words: [String]) -> Set<String> {
        // Hyphenated entries are stored as their parts, which is how the tokenizer sees them.
        Set(words.flatMap { TextFolding.fold($0).split(separator: "-").map(String.init) })
    }
}
