import Foundation

/// Generates a multiple-choice quiz from a lesson, deterministically for a given seed.
///
/// Every distinct declarative lesson sentence of 6 to 40 words containing a usable key term
/// (see `KeyTermExtractor`) becomes at most one question. Sentences are drawn at random,
/// weighted by their best term's score; each becomes a cloze while fewer than 70 % of the
/// questions are cloze and three distractors of the term's kind exist, otherwise a true/false
/// statement. The quiz lists questions in lesson order. Guarantees: no two questions share a
/// sentence or a prompt (folded); the answer is exactly once among the options and all
/// options differ once folded.
///
/// Questions are built only for the sentences drawn, which keeps a 5,000-word lesson fast: the
/// sentence itself, stated as true, is a prompt no other question can have, so every eligible
/// sentence is sure to give a question and their number is exactly how many the lesson yields.
public enum QuizGenerator {
    /// Allowed number of questions per quiz.
    public static let questionCountRange = 1...50
    /// Share of cloze questions aimed for when the lesson allows it.
    public static let clozeShare = 0.7
    /// Sentence lengths, in words, that make readable questions.
    static let sentenceWordRange = 6...40

    /// - Parameters:
    ///   - lessonText: plain text of the lesson (see `PlainText.fromHTML(_:)`).
    ///   - otherLessons: plain texts of the course's other lessons, which make key terms
    ///     specific to this lesson; may be empty.
    ///   - questionCount: how many questions, within `questionCountRange`.
    ///   - seed: the same lesson, other lessons and seed always give the same quiz.
    /// - Throws: `.invalidQuestionCount` outside the range; `.notEnoughContent(possible:)` with
    ///   the exact number of questions the lesson yields when that is fewer than requested.
    public static func generate(lessonText: String, otherLessons: [String], questionCount: Int, seed: UInt64) throws(QuizGenerationError) -> GeneratedQuiz {
        guard questionCountRange.contains(questionCount) else { throw .invalidQuestionCount(questionCount) }
        let lesson = LessonAnalysis(text: lessonText)
        let wordCount = lesson.sentences.reduce(0) { $0 + $1.words.count }
        // Long lessons have more genuine key terms; a fixed cut-off would starve them of
        // sentences and distractors.
        let terms = KeyTermExtractor.extract(from: lesson, otherLessons: otherLessons, limit: min(200, max(50, wordCount / 20)))
        let eligible = eligibleSentences(in: lesson, terms: terms)
        guard eligible.count >= questionCount else { throw .notEnoughContent(possible: eligible.count) }

        var random = SeededRandomNumberGenerator(seed: seed)
        let builder = QuestionBuilder(
            terms: terms, language: lesson.language, lessonSentences: Set(lesson.sentences.map { TextFolding.fold($0.text) }))
        let drawn = weightedOrder(eligible, using: &random)
        var selection = Selection(count: questionCount)
        var deferred: [EligibleSentence] = []
        for candidate in drawn where !selection.isComplete {
            if selection.wantsCloze, let cloze = builder.cloze(from: candidate.sentence, terms: candidate.terms, using: &random),
               selection.take(cloze, at: candidate.position) {
                continue
            }
            if selection.wantsCloze, !selection.wantsTrueFalse {
                // Keep it for the end: a later sentence may still give the cloze needed.
                deferred.append(candidate)
                continue
            }
            selection.takeTrueFalse(from: candidate, builder: builder, using: &random)
        }
        for candidate in deferred where !selection.isComplete {
            selection.takeTrueFalse(from: candidate, builder: builder, using: &random)
        }
        return GeneratedQuiz(language: lesson.language, questions: selection.questionsInLessonOrder)
    }

    /// The distinct sentences that can become questions, in lesson order.
    private static func eligibleSentences(in lesson: LessonAnalysis, terms: [KeyTerm]) -> [EligibleSentence] {
        let termsByKey = Dictionary(terms.map { ($0.folded, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: Set<String> = []
        return lesson.sentences.enumerated().compactMap { position, sentence in
            guard isStatement(sentence), seen.insert(TextFolding.fold(sentence.text)).inserted else { return nil }
            let occurrences = sentence.singleOccurrences(of: termsByKey)
            return occurrences.isEmpty ? nil : EligibleSentence(position: position, sentence: sentence, terms: occurrences)
        }
    }

    /// A declarative sentence of readable length: ends with "." or "!" (closing quotes
    /// aside), so questions, headings and list introductions are left out, as is a sentence
    /// already containing a blank.
    private static func isStatement(_ sentence: AnalyzedSentence) -> Bool {
        guard sentenceWordRange.contains(sentence.words.count), !sentence.text.contains(QuestionBuilder.blank) else { return false }
        let ending = sentence.text.last { !"»”\")] \u{A0}".contains($0) }
        return ending == "." || ending == "!"
    }

    /// A random order in which heavier sentences tend to come first (Efraimidis–Spirakis:
    /// sort by u^(1/w), compared through its logarithm).
    private static func weightedOrder(_ candidates: [EligibleSentence], using random: inout SeededRandomNumberGenerator) -> [EligibleSentence] {
        candidates
            .map { candidate in
                // 1 − u is in (0, 1], so the logarithm is finite.
                (key: log(1 - random.nextUnitInterval()) / max(candidate.weight, 1e-6), candidate: candidate)
            }
            .sorted { $0.key != $1.key ? $0.key > $1.key : $0.candidate.position < $1.candidate.position }
            .map(\.candidate)
    }
}

/// The questions chosen so far and the mix still wanted.
private struct Selection {
    let count: Int
    let clozeTarget: Int
    private var chosen: [(position: Int, question: QuizQuestion)] = []
    private var prompts: Set<String> = []
    private var clozeCount = 0

    init(count: Int) {
        self.count = count
        self.clozeTarget = Int((Double(count) * QuizGenerator.clozeShare).rounded())
    }

    var isComplete: Bool { chosen.count == count }
    var wantsCloze: Bool { clozeCount < clozeTarget }
    var wantsTrueFalse: Bool { chosen.count - clozeCount < count - clozeTarget }

    var questionsInLessonOrder: [QuizQuestion] {
        chosen.sorted { $0.position < $1.position }.map(\.question)
    }

    /// Adds the question unless its prompt is taken; whether it was added.
    mutating func take(_ question: QuizQuestion, at position: Int) -> Bool {
        guard prompts.insert(TextFolding.fold(question.prompt)).inserted else { return false }
        chosen.append((position, question))
        if question.kind == .cloze { clozeCount += 1 }
        return true
    }

    /// Adds the sentence's true/false question, stated as true if a false version's prompt
    /// is taken.
    mutating func takeTrueFalse(from candidate: EligibleSentence, builder: QuestionBuilder, using random: inout SeededRandomNumberGenerator) {
        let question = builder.trueFalse(from: candidate.sentence, terms: candidate.terms, using: &random)
        if !take(question, at: candidate.position) {
            _ = take(builder.trueStatement(from: candidate.sentence), at: candidate.position)
        }
    }
}
