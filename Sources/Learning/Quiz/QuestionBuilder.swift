/// Turns one lesson sentence into a cloze or a true/false question.
struct QuestionBuilder: Sendable {
    /// What replaces the blanked-out term in a cloze prompt.
    static let blank = "_____"

    let picker: DistractorPicker
    let trueFalseLabels: [String]
    /// Every sentence of the lesson, folded: a "false" statement must not be one of them.
    let lessonSentences: Set<String>

    init(terms: [KeyTerm], language: TextLanguage, lessonSentences: Set<String>) {
        self.picker = DistractorPicker(terms: terms, language: language)
        self.trueFalseLabels = language == .french ? ["Vrai", "Faux"] : ["True", "False"]
        self.lessonSentences = lessonSentences
    }

    /// A cloze on the best-scoring term that has three distractors, with the four options in
    /// random order; `nil` when no term of the sentence has enough distractors.
    func cloze(from sentence: AnalyzedSentence, terms: [TermOccurrence], using random: inout SeededRandomNumberGenerator) -> QuizQuestion? {
        for occurrence in terms {
            guard let distractors = picker.distractors(for: occurrence.term, in: sentence, count: 3, using: &random) else {
                continue
            }
            let startsSentence = sentence.startsSentence(occurrence.textRange)
            var options = ([occurrence.term.surface] + distractors).map { startsSentence ? Self.capitalized($0) : $0 }
            let answer = options[0]
            random.shuffle(&options)
            var prompt = sentence.text
            prompt.replaceSubrange(occurrence.textRange, with: Self.blank)
            return QuizQuestion(
                kind: .cloze, prompt: prompt, options: options, answerIndex: options.firstIndex(of: answer) ?? 0,
                explanation: sentence.text)
        }
        return nil
    }

    /// The sentence as a true statement, or, on a coin flip and when a same-kind term can be
    /// swapped in without reproducing another lesson sentence, as a false one.
    func trueFalse(from sentence: AnalyzedSentence, terms: [TermOccurrence], using random: inout SeededRandomNumberGenerator) -> QuizQuestion {
        if random.next() & 1 == 1, let falseStatement = falseStatement(from: sentence, terms: terms, using: &random) {
            return QuizQuestion(
                kind: .trueFalse, prompt: falseStatement, options: trueFalseLabels, answerIndex: 1, explanation: sentence.text)
        }
        return trueStatement(from: sentence)
    }

    /// The sentence as written, to be judged true. Its prompt is the sentence itself, which no
    /// other question of the lesson can have: the generator's fallback when prompts collide.
    func trueStatement(from sentence: AnalyzedSentence) -> QuizQuestion {
        QuizQuestion(kind: .trueFalse, prompt: sentence.text, options: trueFalseLabels, answerIndex: 0, explanation: sentence.text)
    }

    private func falseStatement(from sentence: AnalyzedSentence, terms: [TermOccurrence], using random: inout SeededRandomNumberGenerator) -> String? {
        for occurrence in terms {
            guard let swapped = picker.distractors(for: occurrence.term, in: sentence, count: 1, sameKindOnly: true, using: &random)?
                .first else { continue }
            var statement = sentence.text
            let replacement = sentence.startsSentence(occurrence.textRange) ? Self.capitalized(swapped) : swapped
            statement.replaceSubrange(occurrence.textRange, with: replacement)
            if !lessonSentences.contains(TextFolding.fold(statement)) { return statement }
        }
        return nil
    }

    private static func capitalized(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}
