import Foundation
import PostgresClient

public enum QuizStatus: String, Sendable, Codable, PostgresEncodable, PostgresDecodable {
    case pending, ready, failed
}

/// A quiz the learning worker generates from a lesson (or from text given inline).
public struct Quiz: Sendable, Codable, Equatable {
    public var id: UUID
    public var courseID: UUID?
    public var lessonID: UUID?
    public var requestedBy: UUID?
    public var status: QuizStatus
    public var numQuestions: Int
    public var seed: Int64
    public var questions: [QuizQuestion]?
    /// Why generation failed, when `status` is `failed`.
    public var failure: String?
    public var createdAt: Date
    public var readyAt: Date?

    static let columns: PostgresQuery = """
        id, course_id, lesson_id, requested_by, status, question_count, seed, questions, failure, created_at, ready_at
        """

    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        courseID = try row.decode(UUID?.self, column: "course_id")
        lessonID = try row.decode(UUID?.self, column: "lesson_id")
        requestedBy = try row.decode(UUID?.self, column: "requested_by")
        status = try row.decode(QuizStatus.self, column: "status")
        numQuestions = try row.decode(Int.self, column: "question_count")
        seed = try row.decode(Int64.self, column: "seed")
        questions = try row.decode(String?.self, column: "questions") == nil
            ? nil : try row.decodeJSON([QuizQuestion].self, column: "questions")
        failure = try row.decode(String?.self, column: "failure")
        createdAt = try row.decode(Date.self, column: "created_at")
        readyAt = try row.decode(Date?.self, column: "ready_at")
    }

    /// The quiz as a learner sees it before answering.
    var withoutAnswers: Quiz {
        var quiz = self
        quiz.questions = questions?.map { QuizQuestion(kind: $0.kind, prompt: $0.prompt, options: $0.options, answerIndex: nil, explanation: nil) }
        return quiz
    }
}
