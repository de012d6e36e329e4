/// A lesson sentence that can become a question: declarative, of readable length, with at
/// least one key term that can be blanked out or swapped.
struct EligibleSentence: Sendable {
    /// Position of the sentence in the lesson, which orders the final quiz.
    let position: Int
    let sentence: AnalyzedSentence
    /// Its usable key terms, best first.
    let terms: [TermOccurrence]

    /// Score of the best key term: sentences about central terms are drawn first.
    var weight: Double { terms.first?.term.score ?? 0 }
}
