import Learning
import Testing

@Suite("LanguageDetector")
struct LanguageDetectorTests {
    @Test(arguments: Fixtures.all)
    func everyFixtureIsDetectedInItsLanguage(name: String) throws {
        let expected: TextLanguage = name.contains(".fr.") ? .french : .english
        #expect(LanguageDetector.detect(try Fixtures.lesson(name)) == expected)
    }

    @Test func shortSentencesAreEnough() {
        #expect(LanguageDetector.detect("Le chat est sur la table.") == .french)
        #expect(LanguageDetector.detect("The cat is on the table.") == .english)
        #expect(LanguageDetector.detect("Où sont les données ?") == .french)
    }

    @Test func textWithoutTellingWordsDefaultsToFrench() {
        #expect(LanguageDetector.detect("") == .french)
        #expect(LanguageDetector.detect("Excel VBA 2016") == .french)
    }
}
