import Foundation
import Learning
import Testing

@Suite("BM25Index")
struct BM25IndexTests {
    static let passages = [
        Passage(id: "p1", sourceID: "l1", text: "Un tableau croisé dynamique résume des milliers de lignes."),
        Passage(id: "p2", sourceID: "l1", text: "La fonction RECHERCHEV cherche une valeur dans la première colonne."),
        Passage(id: "p3", sourceID: "l2", text: "Les segments filtrent un tableau croisé dynamique de façon visuelle."),
        Passage(id: "p4", sourceID: "l2", text: "Une macro VBA automatise les tâches répétitives."),
    ]

    @Test func theScoreFollowsTheBM25Formula() {
        let index = BM25Index(passages: [Passage(id: "only", sourceID: "s", text: "macro")], language: .french)
        let results = index.search(query: "macro")
        // N = 1, df = 1: idf = ln(1 + 0.5 / 1.5); tf = 1 at average length: factor 2.2 / 2.2.
        #expect(results.count == 1)
        #expect(abs((results.first?.score ?? 0) - log(1 + 0.5 / 1.5)) < 1e-12)
    }

    @Test func theMostSpecificPassageRanksFirst() {
        let index = BM25Index(passages: Self.passages, language: .french)
        #expect(index.search(query: "Comment filtrer avec les segments ?").first?.passage.id == "p3")
        #expect(index.search(query: "RECHERCHEV première colonne").first?.passage.id == "p2")
        #expect(Set(index.search(query: "tableau croisé").map(\.passage.id)) == ["p1", "p3"])
    }

    @Test func matchingIgnoresCaseAccentsAndPlurals() {
        let index = BM25Index(passages: Self.passages, language: .french)
        #expect(Set(index.search(query: "TABLEAUX CROISES").map(\.passage.id)) == ["p1", "p3"])
        #expect(index.search(query: "macros").first?.passage.id == "p4")
    }

    @Test func aLongerPassageWithTheSameMatchScoresLower() {
        let index = BM25Index(passages: [
            Passage(id: "short", sourceID: "s", text: "segment filtre"),
            Passage(id: "long", sourceID: "s", text: "segment filtre bouton couleur région vendeur trimestre année"),
        ], language: .french)
        #expect(index.search(query: "segment").map(\.passage.id) == ["short", "long"])
    }

    @Test func equalScoresAreOrderedByIDAndLimitIsRespected() {
        let index = BM25Index(passages: [
            Passage(id: "b", sourceID: "s", text: "python liste"),
            Passage(id: "a", sourceID: "s", text: "python liste"),
            Passage(id: "c", sourceID: "s", text: "python liste"),
        ], language: .english)
        #expect(index.search(query: "python").map(\.passage.id) == ["a", "b", "c"])
        #expect(index.search(query: "python", limit: 2).map(\.passage.id) == ["a", "b"])
    }

    @Test func aQueryWithoutIndexedTermsFindsNothing() {
        let index = BM25Index(passages: Self.passages, language: .french)
        #expect(index.search(query: "météo demain").isEmpty)
        #expect(index.search(query: "le la les").isEmpty)
    }
}
