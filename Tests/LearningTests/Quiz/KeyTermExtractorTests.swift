import Learning
import Testing

@Suite("KeyTermExtractor")
struct KeyTermExtractorTests {
    private func terms(_ name: String, limit: Int = 60) throws -> [KeyTerm] {
        KeyTermExtractor.extract(lessonText: try Fixtures.lesson(name), otherLessons: try Fixtures.otherLessons(than: name), limit: limit)
    }

    @Test func theLessonSubjectIsATopPhraseWithItsSurfaceForm() throws {
        let top = try terms(Fixtures.excelPivotTables).prefix(5)
        let subject = top.first { $0.folded == "tableau croise dynamique" }
        #expect(subject?.kind == .phrase)
        #expect(subject?.surface == "tableau croisé dynamique")
        #expect(subject?.occurrences == 10)
    }

    @Test func namesAndAcronymsAreProperNouns() throws {
        let vba = try terms(Fixtures.vbaMacros, limit: 200)
        #expect(vba.first { $0.surface == "VBA" }?.kind == .properNoun)
        #expect(vba.first { $0.surface == "Visual Basic Editor" }?.kind == .properNoun)
        #expect(vba.first { $0.surface == "Option Explicit" }?.kind == .properNoun)
        #expect(try terms(Fixtures.pythonCollections).first { $0.surface == "Python" }?.kind == .properNoun)
        let tidyverse = try terms(Fixtures.rTidyverse, limit: 200)
        #expect(tidyverse.first { $0.folded == "hadley wickham" }.map { ($0.surface, $0.kind) } ?? ("", .word) == ("Hadley Wickham", .properNoun))
        #expect(tidyverse.first { $0.surface == "tidyverse" }?.kind == .word)
    }

    @Test func numbersAndYearsAreNumbers() throws {
        let vba = try terms(Fixtures.vbaMacros, limit: 500)
        #expect(vba.first { $0.folded == "1993" }?.kind == .number)
        let tidyverse = try terms(Fixtures.rTidyverse, limit: 500)
        #expect(tidyverse.first { $0.folded == "2021" }?.kind == .number)
    }

    @Test(arguments: Fixtures.all)
    func termsAreRankedAndMadeOfContentWords(name: String) throws {
        let found = try terms(name, limit: 500)
        let language = LanguageDetector.detect(try Fixtures.lesson(name))
        #expect(found.count > 50)
        #expect(zip(found, found.dropFirst()).allSatisfy { $0.score >= $1.score })
        #expect(Set(found.map(\.folded)).count == found.count)
        for term in found {
            #expect((1...3).contains(term.wordCount))
            #expect(TextFolding.fold(term.surface).split(separator: " ").joined(separator: " ") == term.folded || term.surface.contains("\u{A0}"))
            for word in term.folded.split(separator: " ") {
                #expect(!StopWords.contains(String(word), language: language), "\(term.surface)")
            }
            if term.wordCount > 1 { #expect(term.occurrences >= 2, "\(term.surface)") }
        }
    }

    @Test func wordsCommonToEveryLessonRankBelowWordsOfThisLesson() {
        let lesson = "Le classeur contient un segment. Le classeur filtre avec un segment. Un segment colore le classeur."
        let others = ["Le classeur calcule.", "Un classeur partagé.", "Le classeur imprime."]
        let found = KeyTermExtractor.extract(lessonText: lesson, otherLessons: others, language: .french)
        let segment = found.first { $0.folded == "segment" }?.score ?? 0
        let workbook = found.first { $0.folded == "classeur" }?.score ?? 0
        #expect(segment > workbook)
        #expect(workbook > 0)
    }

    @Test func aCapitalAtTheStartOfASentenceDoesNotMakeAName() {
        let lesson = "Graphique et tableau vont ensemble. Un tableau résume. Le tableau trie les lignes."
        let found = KeyTermExtractor.extract(lessonText: lesson, otherLessons: [], language: .french)
        #expect(found.first { $0.folded == "tableau" }?.kind == .word)
        #expect(found.first { $0.folded == "graphique" }?.surface == "graphique")
    }

    @Test func aPhraseOnlyEverInsideALongerOneIsDropped() throws {
        let found = try terms(Fixtures.excelPivotTables, limit: 500)
        #expect(found.contains { $0.folded == "tableau croise dynamique" })
        #expect(!found.contains { $0.folded == "croise dynamique" })
    }
}
