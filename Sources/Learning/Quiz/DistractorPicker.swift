/// Chooses wrong options for a blanked-out key term from the lesson's other key terms.
///
/// Only terms of the same kind qualify, with common words and phrases counting as neighbours:
/// a number or a name among common words would give the answer away (and a number needs
/// numbers of its shape: years for a year, decimals for a decimal). Among those, terms of
/// similar length are preferred, and the final pick is random among the closest few so that
/// different seeds give different quizzes. Terms sharing a word (after plural reduction) with
/// the answer or with the sentence are excluded: "tableau croisé" is no distractor for
/// "tableau", and a term the sentence already shows would be a second right answer. Terms
/// agreeing in number with the answer come first, since "les _____" next to a singular option
/// gives it away; a true/false swap must agree.
struct DistractorPicker: Sendable {
    private let language: TextLanguage
    /// What the ranking needs of each key term, computed once per lesson.
    private let candidates: [Candidate]

    init(terms: [KeyTerm], language: TextLanguage) {
        self.language = language
        self.candidates = terms.map { term in
            Candidate(
                term: term, stems: Self.stems(of: term.folded, language: language), isPlural: Self.isPlural(term, language: language),
                length: term.surface.count, isWeak: term.kind == .word && term.occurrences < 2)
        }
    }

    /// `count` distractors for `answer` in `sentence`, or `nil` when the lesson has too few
    /// suitable terms. `sameKindOnly` also excludes the neighbouring kind (a true/false swap
    /// must read as naturally as the original).
    func distractors(
        for answer: KeyTerm, in sentence: AnalyzedSentence, count: Int, sameKindOnly: Bool = false,
        using random: inout SeededRandomNumberGenerator
    ) -> [String]? {
        let answerStems = Self.stems(of: answer.folded, language: language)
        let excludedStems = answerStems.union(sentence.words.filter(\.isContentWord).map { LightStemmer.stem($0.folded, language: language) })
        let answerIsPlural = Self.isPlural(answer, language: language)
        let answerLength = answer.surface.count
        let ranked = candidates
            .compactMap { candidate -> (key: SimilarityKey, candidate: Candidate)? in
                guard candidate.term.folded != answer.folded, let distance = Self.kindDistance(answer.kind, candidate.term.kind),
                      candidate.stems.isDisjoint(with: excludedStems) else { return nil }
                if answer.kind == .number, NumberDistractors.shape(of: candidate.term.surface) != NumberDistractors.shape(of: answer.surface) {
                    return nil
                }
                let agrees = candidate.isPlural == answerIsPlural
                if sameKindOnly, distance > 0 || !agrees { return nil }
                let key = SimilarityKey(
                    distance: distance + (agrees ? 0 : 2), isWeak: candidate.isWeak ? 1 : 0,
                    wordGap: abs(candidate.term.wordCount - answer.wordCount), lengthGap: abs(candidate.length - answerLength) / 4,
                    negatedScore: -candidate.term.score, folded: candidate.term.folded)
                return (key, candidate)
            }
            .sorted { $0.key < $1.key }
        var chosen = pickAmongClosest(ranked.map(\.candidate), count: count, using: &random)
        if answer.kind == .number, chosen.count < count {
            let taken = Set(chosen.map(TextFolding.fold)).union(sentence.words.map(\.folded)).union([answer.folded])
            chosen += NumberDistractors.make(for: answer.surface, count: count - chosen.count, excluding: taken, using: &random)
        }
        return chosen.count == count ? chosen : nil
    }

    /// Random among the `2 × count` most similar terms (at least 6), no two sharing a word
    /// after plural reduction ("zone" and "zones" would be one wrong answer twice).
    private func pickAmongClosest(_ ranked: [Candidate], count: Int, using random: inout SeededRandomNumberGenerator) -> [String] {
        let poolSize = max(6, 2 * count)
        var usedStems: Set<String> = []
        var pool: [String] = []
        for candidate in ranked where pool.count < poolSize && candidate.stems.isDisjoint(with: usedStems) {
            usedStems.formUnion(candidate.stems)
            pool.append(candidate.term.surface)
        }
        return random.sample(pool, count: count)
    }

    /// How far apart two kinds are as distractors of each other; `nil` when they never mix.
    static func kindDistance(_ answer: KeyTerm.Kind, _ candidate: KeyTerm.Kind) -> Int? {
        if answer == candidate { return 0 }
        switch (answer, candidate) {
        case (.word, .phrase), (.phrase, .word): return 1
        default: return nil
        }
    }

    /// Whether the term's last word looks plural; numbers and names have no number.
    private static func isPlural(_ term: KeyTerm, language: TextLanguage) -> Bool {
        guard term.kind == .word || term.kind == .phrase, let last = term.folded.split(separator: " ").last else { return false }
        return last.count > 3 && (last.hasSuffix("s") || (language == .french && last.hasSuffix("x")))
    }

    private static func stems(of folded: String, language: TextLanguage) -> Set<String> {
        Set(folded.split(separator: " ").map { LightStemmer.stem(String($0), language: language) })
    }

    private struct Candidate: Sendable {
        let term: KeyTerm
        let stems: Set<String>
        let isPlural: Bool
        let length: Int
        /// A word seen once: often a verb or adjective, a poor distractor.
        let isWeak: Bool
    }
}

/// Sort key of a distractor: kind distance (plus 2 when not agreeing in number), weak terms
/// last, then difference in words, then in characters (by fours, so near-equal lengths tie and
/// the score decides), then score and spelling.
private struct SimilarityKey: Comparable {
    let distance: Int
    let isWeak: Int
    let wordGap: Int
    let lengthGap: Int
    let negatedScore: Double
    let folded: String

    static func < (lhs: SimilarityKey, rhs: SimilarityKey) -> Bool {
        (lhs.distance, lhs.isWeak, lhs.wordGap, lhs.lengthGap, lhs.negatedScore, lhs.folded)
            < (rhs.distance, rhs.isWeak, rhs.wordGap, rhs.lengthGap, rhs.negatedScore, rhs.folded)
    }
}
