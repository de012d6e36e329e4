/// What the FAQ answerer replies to a learner's question.
public enum FAQAnswer: Sendable, Equatable {
    /// The best answer: a FAQ entry's answer or a lesson passage, where it comes from, and a
    /// confidence in 0...1 that was at least the answerer's threshold.
    case found(text: String, source: AnswerSource, score: Double)
    /// Nothing in the FAQ or the lessons answers the question well enough.
    case notFound
}

/// Where an answer was taken from, so the chat can link to it.
public enum AnswerSource: Sendable, Equatable, Hashable, Codable {
    case faq(entryID: String)
    case lesson(lessonID: String, passageID: String)
}
