/// Tells French from English by the share of each language's stop words, the way a reader
/// recognises a language from its small words rather than its subject.
public enum LanguageDetector {
    /// The likelier language of `text`; French (Har Academy's first language) when the text
    /// has no telling words.
    public static func detect(_ text: String) -> TextLanguage {
        let french = StopWords.set(for: .french)
        let english = StopWords.set(for: .english)
        var frenchScore = 0.0
        var englishScore = 0.0
        // The first words suffice and bound the cost on long lessons.
        for word in Tokenizer(language: .french).words(in: text).prefix(2_000) {
            if french.contains(word.folded) { frenchScore += 1 }
            if english.contains(word.folded) { englishScore += 1 }
            // Accented letters are French evidence that no stop-word list gives: "données",
            // "éléments" are not stop words.
            if word.surface.unicodeScalars.contains(where: frenchAccents.contains) { frenchScore += 0.5 }
        }
        return englishScore > frenchScore ? .english : .french
    }

    private static let frenchAccents = Set("àâäçéèêëîïôöùûüÿœÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒ".unicodeScalars)
}
