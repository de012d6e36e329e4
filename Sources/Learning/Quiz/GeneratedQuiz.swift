/// The questions generated for one lesson, in the order their sentences appear in it.
public struct GeneratedQuiz: Sendable, Equatable, Codable {
    /// The lesson's language, which also chose the true/false labels.
    public let language: TextLanguage
    public let questions: [QuizQuestion]

    public init(language: TextLanguage, questions: [QuizQuestion]) {
        self.language = language
        self.questions = questions
    }
}
