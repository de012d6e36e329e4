import Foundation

/// A scored attempt: `score` is the percentage of right answers (0–100).
public struct QuizAttempt: Sendable, Codable, Equatable {
    public var id: UUID
    public var quizID: UUID
    public var userID: UUID
    public var answers: [Int?]
    public var correct: Int
    public var total: Int
    public var score: Double
    /// The right option of each question, revealed once the learner has answered.
    public var corrections: [QuizQuestion]
    public var createdAt: Date
}
