/// Why a quiz could not be generated. Both cases are permanent for the given input; the
/// description names only counts, never lesson text.
public enum QuizGenerationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The requested number of questions is outside `QuizGenerator.questionCountRange`.
    case invalidQuestionCount(Int)
    /// The lesson yields fewer valid questions than requested; `possible` is exactly how many
    /// it yields, so the caller can retry with that count.
    case notEnoughContent(possible: Int)

    /// Stable machine-readable code.
    public var code: String {
        switch self {
        case .invalidQuestionCount: "invalid_question_count"
        case .notEnoughContent: "not_enough_content"
        }
    }

    /// Regenerating with the same input gives the same result.
    public var isRetryable: Bool { false }

    public var description: String {
        switch self {
        case .invalidQuestionCount(let count):
            "\(code): \(count) questions requested, allowed \(QuizGenerator.questionCountRange)"
        case .notEnoughContent(let possible):
            "\(code): the lesson yields \(possible) questions"
        }
    }
}
