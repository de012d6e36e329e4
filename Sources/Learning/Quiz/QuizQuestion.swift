/// One generated question, stored as JSON with its quiz.
public struct QuizQuestion: Sendable, Equatable, Codable {
    /// The two question formats.
    public enum Kind: String, Sendable, Codable {
        /// A lesson sentence with one key term blanked out ("_____"), four options.
        case cloze
        /// A lesson sentence, as written (true) or with a key term swapped (false).
        case trueFalse = "true_false"
    }

    public let kind: Kind
    public let prompt: String
    public let options: [String]
    /// Index of the right option in `options`.
    public let answerIndex: Int
    /// The lesson sentence the question was made from, shown after answering.
    public let explanation: String

    public init(kind: Kind, prompt: String, options: [String], answerIndex: Int, explanation: String) {
        self.kind = kind
        self.prompt = prompt
        self.options = options
        self.answerIndex = answerIndex
        self.explanation = explanation
    }

    /// The right option; `nil` only for a question decoded with an out-of-range index.
    public var answer: String? {
        options.indices.contains(answerIndex) ? options[answerIndex] : nil
    }
}
