import Foundation
import Learning
import Testing

@Suite("TF-IDF")
struct TFIDFModelTests {
    @Test func idfIsSmoothed() {
        let model = TFIDFModel(corpus: [["a", "b"], ["a", "c"], ["a"]])
        #expect(model.documentCount == 3)
        #expect(model.documentFrequency(of: "a") == 3)
        #expect(abs(model.inverseDocumentFrequency(of: "a") - 1) < 1e-12)
        #expect(abs(model.inverseDocumentFrequency(of: "b") - (log(4.0 / 2.0) + 1)) < 1e-12)
        #expect(abs(model.inverseDocumentFrequency(of: "unseen") - (log(4.0) + 1)) < 1e-12)
    }

    @Test func vectorsAreCountTimesIDFNormalised() {
        let model = TFIDFModel(corpus: [["a", "b"], ["a", "c"], ["a"]])
        let vector = model.vector(for: ["a", "a", "b"])
        let a = 2 * 1.0
        let b = log(2.0) + 1
        let norm = (a * a + b * b).squareRoot()
        #expect(abs(vector.norm - 1) < 1e-12)
        #expect(abs((vector.weights["a"] ?? 0) - a / norm) < 1e-12)
        #expect(abs((vector.weights["b"] ?? 0) - b / norm) < 1e-12)
    }

    @Test func sparseVectorArithmetic() {
        let v = SparseVector(["x": 3, "y": 4, "z": 0])
        #expect(v.weights.count == 2)
        #expect(v.norm == 5)
        #expect(v.normalized().weights == ["x": 0.6, "y": 0.8])
        #expect(v.dot(SparseVector(["x": 2, "w": 7])) == 6)
        #expect(abs(v.cosineSimilarity(to: SparseVector(["x": 1])) - 0.6) < 1e-12)
        #expect(v.cosineSimilarity(to: SparseVector([:])) == 0)
        #expect(abs(v.cosineSimilarity(to: v) - 1) < 1e-12)
    }

    @Test func lessonsOnTheSameToolAreMoreSimilarThanLessonsOnDifferentOnes() throws {
        let names = [Fixtures.excelPivotTables, Fixtures.excelLookupHTML, Fixtures.pythonCollections, Fixtures.rTidyverse]
        let corpus = try names.map { name in
            let text = try Fixtures.lesson(name)
            return Tokenizer(language: LanguageDetector.detect(text)).tokens(in: text)
        }
        let model = TFIDFModel(corpus: corpus)
        let vectors = corpus.map(model.vector(for:))
        let excelToExcel = vectors[0].cosineSimilarity(to: vectors[1])
        #expect(excelToExcel > vectors[0].cosineSimilarity(to: vectors[2]))
        #expect(excelToExcel > vectors[1].cosineSimilarity(to: vectors[2]))
        #expect(abs(vectors[3].cosineSimilarity(to: vectors[3]) - 1) < 1e-9)
    }
}
