import Learning
import Testing

@Suite("PassageSplitter")
struct PassageSplitterTests {
    @Test func paragraphsBecomePassagesWithTheirHeadingAndOrderedIDs() throws {
        let passages = PassageSplitter().passages(fromLesson: try Fixtures.lesson(Fixtures.excelPivotTables), lessonID: "tcd")
        #expect(passages.count == 9)
        #expect(passages.map(\.id) == (1...9).map { "tcd#00\($0)" })
        #expect(passages.allSatisfy { $0.sourceID == "tcd" })
        #expect(passages[0].text.hasPrefix("Les tableaux croisés dynamiques\nUn tableau croisé dynamique permet"))
        #expect(passages[1].text.hasPrefix("Préparer les données source\nAvant de créer"))
    }

    @Test func longParagraphsAreCutIntoWindowsOfThreeSentences() {
        let sentence = "Cette phrase de test contient exactement douze mots pour mesurer la découpe."
        let paragraph = Array(repeating: sentence, count: 11).joined(separator: " ")
        let passages = PassageSplitter().passages(fromLesson: paragraph, lessonID: "l")
        #expect(passages.count == 4)
        #expect(passages.prefix(3).allSatisfy { SentenceSegmenter.sentences(in: $0.text).count == 3 })
        #expect(SentenceSegmenter.sentences(in: passages[3].text).count == 2)
    }

    @Test func shortParagraphsStayWhole() {
        let passages = PassageSplitter().passages(fromLesson: "Une phrase courte. Une autre phrase courte.", lessonID: "l")
        #expect(passages.map(\.text) == ["Une phrase courte. Une autre phrase courte."])
    }
}
