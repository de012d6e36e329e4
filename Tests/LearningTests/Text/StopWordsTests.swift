import Learning
import Testing

@Suite("StopWords")
struct StopWordsTests {
    @Test(arguments: TextLanguage.allCases)
    func eachLanguageHasARealListStoredFolded(language: TextLanguage) {
        let words = StopWords.set(for: language)
        #expect(words.count >= 150)
        for word in words { #expect(TextFolding.fold(word) == word) }
    }

    @Test func commonFunctionWordsAreStopWords() {
        for word in ["les", "des", "ete", "etaient", "ou", "lorsque", "ceux"] {
            #expect(StopWords.contains(word, language: .french), "\(word)")
        }
        for word in ["the", "which", "don't", "themselves", "were", "however"] {
            #expect(StopWords.contains(word, language: .english), "\(word)")
        }
    }

    @Test func subjectWordsAreNotStopWords() {
        for word in ["tableau", "formule", "donnees", "python", "macro", "liste"] {
            #expect(!StopWords.contains(word, language: .french), "\(word)")
            #expect(!StopWords.contains(word, language: .english), "\(word)")
        }
    }
}
