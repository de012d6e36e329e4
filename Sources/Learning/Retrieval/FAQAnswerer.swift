/// Answers a learner's question from the course FAQ and lesson text, or says it cannot.
///
/// Candidates are ranked by BM25, but whether one is good enough is judged by its confidence:
/// the idf-weighted share of the question's terms it contains, plus a little of its BM25 score
/// relative to the best possible, times a weight that puts FAQ questions (1.0) above FAQ
/// answers (0.85) above lesson text (0.75). A question whose distinctive words ("météo",
/// "demain") appear nowhere in the course therefore scores low whatever its common words match,
/// while a reworded FAQ question that keeps its key words scores high.
public struct FAQAnswerer: Sendable {
    /// The default minimum confidence for an answer.
    public static let defaultThreshold = 0.5

    /// Minimum confidence (0...1) below which `answer(_:)` returns `.notFound`.
    public let threshold: Double
    private let index: BM25Index
    private let candidates: [Candidate]
    private let fillerTerms: Set<String>

    /// - Parameters:
    ///   - entries: the course's FAQ.
    ///   - lessonPassages: the lessons cut by `PassageSplitter`; `sourceID` is the lesson id.
    ///   - language: the course language; detected from the FAQ and passages when `nil`.
    ///   - threshold: minimum confidence for an answer.
    public init(entries: [FAQEntry], lessonPassages: [Passage], language: TextLanguage? = nil, threshold: Double = defaultThreshold) {
        var documents: [Passage] = []
        var candidates: [Candidate] = []
        for entry in entries {
            documents.append(Passage(id: "faq:" + entry.id + ":question", sourceID: entry.id, text: entry.question))
            candidates.append(Candidate(text: entry.answer, source: .faq(entryID: entry.id), weight: 1.0))
            documents.append(Passage(id: "faq:" + entry.id + ":answer", sourceID: entry.id, text: entry.answer))
            candidates.append(Candidate(text: entry.answer, source: .faq(entryID: entry.id), weight: 0.85))
        }
        for passage in lessonPassages {
            documents.append(passage)
            candidates.append(Candidate(
                text: passage.text, source: .lesson(lessonID: passage.sourceID, passageID: passage.id), weight: 0.75))
        }
        let language = language ?? LanguageDetector.detect(documents.prefix(50).map(\.text).joined(separator: "\n"))
        self.index = BM25Index(passages: documents, language: language)
        self.candidates = candidates
        self.threshold = threshold
        self.fillerTerms = Set(ConversationalFillers.words.map { LightStemmer.stem($0, language: language) })
    }

    /// The best answer to `question`, or `.notFound` when no candidate reaches the threshold.
    public func answer(_ question: String) -> FAQAnswer {
        let terms = index.terms(of: question).filter { !fillerTerms.contains($0) }
        let idfs = terms.map(index.inverseDocumentFrequency(of:))
        let totalIDF = idfs.reduce(0, +)
        guard totalIDF > 0 else { return .notFound }
        var best: (candidate: Int, confidence: Double)?
        for (candidate, bm25) in index.scores(for: terms) {
            let matchedIDF = zip(terms, idfs).reduce(0) { sum, term in
                index.passage(at: candidate, contains: term.0) ? sum + term.1 : sum
            }
            let relativeBM25 = bm25 / (totalIDF * (BM25Index.k1 + 1))
            let confidence = candidates[candidate].weight * (0.85 * matchedIDF / totalIDF + 0.15 * relativeBM25)
            // Ties go to the earlier candidate: FAQ entries come before lesson text.
            if best.map({ confidence > $0.confidence || (confidence == $0.confidence && candidate < $0.candidate) }) ?? true {
                best = (candidate, confidence)
            }
        }
        guard let best, best.confidence >= threshold else { return .notFound }
        let winner = candidates[best.candidate]
        return .found(text: winner.text, source: winner.source, score: best.confidence)
    }

    /// An answer the index can return, and how much a match on it is trusted.
    private struct Candidate: Sendable {
        let text: String
        let source: AnswerSource
        let weight: Double
    }
}
