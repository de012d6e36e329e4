/// A term that matters in a lesson, with what the quiz needs to blank it out and to find
/// plausible wrong answers for it.
public struct KeyTerm: Sendable, Equatable, Codable {
    /// What sort of term it is; distractors are drawn from terms of the same kind.
    public enum Kind: String, Sendable, Codable {
        /// "2016", "3,5".
        case number
        /// A name or acronym: "Python", "VBA", "Visual Basic Editor".
        case properNoun = "proper_noun"
        /// Two or three content words: "tableau croisé dynamique", "list comprehension".
        case phrase
        /// A single common word: "dictionnaire", "slicing".
        case word
    }

    /// The term as written in the lesson (its most frequent spelling mid-sentence).
    public let surface: String
    /// Folded words joined by single spaces: the key used for matching.
    public let folded: String
    public let kind: Kind
    /// TF-IDF weight against the course's other lessons; higher is more specific to this lesson.
    public let score: Double
    /// How many times the term occurs in the lesson.
    public let occurrences: Int

    public init(surface: String, folded: String, kind: Kind, score: Double, occurrences: Int) {
        self.surface = surface
        self.folded = folded
        self.kind = kind
        self.score = score
        self.occurrences = occurrences
    }

    /// Number of words in the term.
    public var wordCount: Int { folded.split(separator: " ").count }
}
