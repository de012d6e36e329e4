import Foundation

/// Okapi BM25 ranking over passages (k1 = 1.2, b = 0.75), with Lucene's always-positive idf
/// `ln(1 + (N − df + 0.5) / (df + 0.5))`. Terms are folded, stop words dropped and plurals
/// reduced, so "Tableaux croisés" finds "tableau croisé".
public struct BM25Index: Sendable {
    /// Term-frequency saturation: beyond a few occurrences a term adds little.
    public static let k1 = 1.2
    /// How much a long passage is penalised for its length.
    public static let b = 0.75

    /// The indexed passages, in the order given.
    public let passages: [Passage]
    /// The language whose stop words and plurals the index uses.
    public let language: TextLanguage
    private let termCounts: [[String: Int]]
    private let lengths: [Double]
    private let averageLength: Double
    private let postings: [String: [Int]]

    /// - Parameter language: the passages' language; detected from their text when `nil`.
    public init(passages: [Passage], language: TextLanguage? = nil) {
        let language = language ?? LanguageDetector.detect(passages.prefix(50).map(\.text).joined(separator: "\n"))
        self.passages = passages
        self.language = language
        let tokenizer = Tokenizer(language: language)
        var termCounts: [[String: Int]] = []
        var postings: [String: [Int]] = [:]
        for (index, passage) in passages.enumerated() {
            var counts: [String: Int] = [:]
            for token in tokenizer.tokens(in: passage.text) {
                counts[LightStemmer.stem(token, language: language), default: 0] += 1
            }
            for term in counts.keys { postings[term, default: []].append(index) }
            termCounts.append(counts)
        }
        self.termCounts = termCounts
        self.lengths = termCounts.map { Double($0.values.reduce(0, +)) }
        self.averageLength = lengths.isEmpty ? 0 : lengths.reduce(0, +) / Double(lengths.count)
        self.postings = postings
    }

    /// The passages matching at least one query term, best first; equal scores are ordered by
    /// passage id so results never depend on hashing.
    public func search(query: String, limit: Int = 10) -> [ScoredPassage] {
        let ranked = scores(for: terms(of: query)).map { ScoredPassage(passage: passages[$0.key], score: $0.value) }
        return Array(ranked.sorted(by: Self.ranksBefore).prefix(max(0, limit)))
    }

    /// The distinct index terms of a query: tokenized and stemmed as the passages were.
    public func terms(of query: String) -> [String] {
        var seen: Set<String> = []
        return Tokenizer(language: language).tokens(in: query)
            .map { LightStemmer.stem($0, language: language) }
            .filter { seen.insert($0).inserted }
    }

    /// BM25 score of every passage containing at least one of `terms`, keyed by passage index.
    func scores(for terms: [String]) -> [Int: Double] {
        var scores: [Int: Double] = [:]
        for term in Set(terms) {
            let idf = inverseDocumentFrequency(of: term)
            for index in postings[term] ?? [] {
                scores[index, default: 0] += idf * saturatedFrequency(of: term, inPassageAt: index)
            }
        }
        return scores
    }

    /// Whether the passage at `index` contains `term` (an index term, see `terms(of:)`).
    func passage(at index: Int, contains term: String) -> Bool {
        termCounts[index][term] != nil
    }

    /// Lucene's BM25 idf of an index term; highest for a term no passage contains.
    public func inverseDocumentFrequency(of term: String) -> Double {
        let count = Double(passages.count)
        let frequency = Double(postings[term]?.count ?? 0)
        return log(1 + (count - frequency + 0.5) / (frequency + 0.5))
    }

    /// The term-frequency factor of BM25, in 0..<(k1 + 1).
    private func saturatedFrequency(of term: String, inPassageAt index: Int) -> Double {
        let frequency = Double(termCounts[index][term] ?? 0)
        let lengthRatio = averageLength > 0 ? lengths[index] / averageLength : 1
        return frequency * (Self.k1 + 1) / (frequency + Self.k1 * (1 - Self.b + Self.b * lengthRatio))
    }

    private static func ranksBefore(_ lhs: ScoredPassage, _ rhs: ScoredPassage) -> Bool {
        lhs.score != rhs.score ? lhs.score > rhs.score : lhs.passage.id < rhs.passage.id
    }
}
