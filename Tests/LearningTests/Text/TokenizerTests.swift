import Learning
import Testing

@Suite("Tokenizer")
struct TokenizerTests {
    let french = Tokenizer(language: .french)
    let english = Tokenizer(language: .english)

    @Test func frenchElisionsAreDroppedWithStraightOrCurlyApostrophes() {
        #expect(french.tokens(in: "L'algorithme d'Euclide qu'il utilise") == ["algorithme", "euclide", "utilise"])
        #expect(french.tokens(in: "L’algorithme jusqu’au bout") == ["algorithme", "bout"])
    }

    @Test func wordsWithAnApostropheThatIsNoElisionStayWhole() {
        #expect(french.tokens(in: "aujourd'hui le cours") == ["cours"])
        #expect(english.tokens(in: "O'Brien's notes") == ["o'brien", "notes"])
    }

    @Test func englishPossessivesAreStrippedAndContractionsAreStopWords() {
        #expect(english.tokens(in: "Python's lists don't copy, they're shared") == ["python", "lists", "copy", "shared"])
    }

    @Test func hyphensSeparateWordsAndUnderscoresJoinThem() {
        #expect(french.tokens(in: "peut-être un tableau croisé-dynamique") == ["tableau", "croise", "dynamique"])
        #expect(english.tokens(in: "call read_csv() then group_by") == ["call", "read_csv", "group_by"])
    }

    @Test func numbersKeepTheirDecimalSeparatorButNotASentencePeriod() {
        #expect(french.tokens(in: "En 2016, pi vaut 3.14 et la TVA 5,5 %. Fin.") == ["2016", "pi", "vaut", "3.14", "tva", "5,5", "fin"])
        #expect(english.tokens(in: "Items 1, 2 and 10.") == ["items", "10"])
    }

    @Test func tokensAreFoldedStopWordFreeAndAtLeastTwoCharacters() {
        let tokens = french.tokens(in: "Les Élèves À l'École et X y")
        #expect(tokens == ["eleves", "ecole"])
    }

    @Test func wordsKeepTheirSurfaceAndRangeAndMarkStopWords() {
        let text = "Le « Tableau » de l'élève"
        let words = french.words(in: text)
        #expect(words.map(\.surface) == ["Le", "Tableau", "de", "élève"])
        #expect(words.map(\.isStopWord) == [true, false, true, false])
        for word in words { #expect(String(text[word.range]) == word.surface) }
    }
}
