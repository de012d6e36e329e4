/// A question and answer written by the course team.
public struct FAQEntry: Sendable, Equatable, Codable {
    public let id: String
    public let question: String
    public let answer: String

    public init(id: String, question: String, answer: String) {
        self.id = id
        self.question = question
        self.answer = answer
    }
}
