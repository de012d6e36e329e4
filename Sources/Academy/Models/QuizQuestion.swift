/// One generated question as stored and served. Learners get it without `answerIndex` and
/// `explanation` (see `Quiz.withoutAnswers`); the attempt reply reveals them.
public struct QuizQuestion: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case cloze
        case trueFalse = "true_false"
    }

    public var kind: Kind
    public var prompt: String
    public var options: [String]
    public var answerIndex: Int?
    /// The lesson sentence the question comes from.
    public var explanation: String?

    public init(kind: Kind, prompt: String, options: [String], answerIndex: Int?, explanation: String?) {
        self.kind = kind
        self.prompt = prompt
        self.options = options
        self.answerIndex = answerIndex
        self.explanation = explanation
    }
}
