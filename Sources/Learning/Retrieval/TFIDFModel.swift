import Foundation

/// Term frequency–inverse document frequency over a corpus of token lists, with scikit-learn's
/// smoothed idf: `ln((1 + N) / (1 + df)) + 1`, so a term in every document still weighs 1 and
/// an unseen term weighs the most.
public struct TFIDFModel: Sendable {
    /// Number of documents in the corpus (N).
    public let documentCount: Int
    private let documentFrequencies: [String: Int]

    /// - Parameter corpus: one token list per document, typically `Tokenizer.tokens(in:)`.
    public init(corpus: [[String]]) {
        var frequencies: [String: Int] = [:]
        for document in corpus {
            for term in Set(document) { frequencies[term, default: 0] += 1 }
        }
        self.documentCount = corpus.count
        self.documentFrequencies = frequencies
    }

    /// How many documents contain `term` (df).
    public func documentFrequency(of term: String) -> Int {
        documentFrequencies[term] ?? 0
    }

    /// The smoothed inverse document frequency of `term`.
    public func inverseDocumentFrequency(of term: String) -> Double {
        log(Double(1 + documentCount) / Double(1 + documentFrequency(of: term))) + 1
    }

    /// The TF-IDF vector of a document: raw term count × idf, L2-normalised so that the dot
    /// product of two vectors is their cosine.
    public func vector(for tokens: [String]) -> SparseVector {
        var counts: [String: Double] = [:]
        for token in tokens { counts[token, default: 0] += 1 }
        return SparseVector(counts.reduce(into: [:]) { weights, entry in
            weights[entry.key] = entry.value * inverseDocumentFrequency(of: entry.key)
        }).normalized()
    }
}
