import Foundation
import Pipeline
import PostgresClient

/// `academy.quizzes` and `academy.quiz_attempts`. A request stores a pending quiz and its
/// `GenerateQuiz` command in one transaction; the learning worker fills the questions.
public struct QuizStore: Sendable {
    let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    /// Where a quiz's text comes from: a stored lesson, or text given inline.
    enum Source {
        case lesson(courseID: UUID, lessonID: UUID)
        case text(String)
    }

    func request(id: UUID, source: Source, questionCount: Int, seed: Int64, requestedBy: UUID, actor: String) async throws -> Quiz {
        try await postgres.withTransaction { connection in
            var courseID: UUID?
            var lessonID: UUID?
            var text: String?
            switch source {
            case let .lesson(course, lesson): (courseID, lessonID) = (course, lesson)
            case let .text(inline): text = inline
            }
            let rows = try await connection.query("""
                INSERT INTO academy.quizzes (id, course_id, lesson_id, requested_by, question_count, seed, source_text)
                VALUES (\(id), \(courseID), \(lessonID), \(requestedBy), \(questionCount), \(seed), \(text))
                RETURNING \(fragment: Quiz.columns)
                """)
            guard let row = rows.first else { throw PostgresError(code: .invalidQuery) }
            try await Outbox.enqueue(GenerateQuiz(quizID: id, lessonID: lessonID), actor: actor, traceparent: nil, on: connection)
            return try Quiz(row: row)
        }
    }

    public func quiz(id: UUID) async throws -> Quiz? {
        try await postgres.query("SELECT \(fragment: Quiz.columns) FROM academy.quizzes WHERE id = \(id)").first.map(Quiz.init(row:))
    }

    /// The inline text of a quiz requested without a lesson.
    public func sourceText(quizID: UUID) async throws -> String? {
        try await postgres.query("SELECT source_text FROM academy.quizzes WHERE id = \(quizID)")
            .first?.decode(String?.self, column: "source_text")
    }

    /// Stores the questions of a pending quiz and links it to its lesson.
    /// - Returns: false when the quiz was no longer pending (a redelivered command).
    public static func markReady(id: UUID, questions: [QuizQuestion], on connection: some PostgresQueryable) async throws -> Bool {
        let rows = try await connection.query("""
            UPDATE academy.quizzes SET status = 'ready', questions = \(try PostgresJSON(questions)), ready_at = now()
            WHERE id = \(id) AND status = 'pending'
            RETURNING lesson_id
            """)
        guard let row = rows.first else { return false }
        if let lessonID = try row.decode(UUID?.self, column: "lesson_id") {
            try await connection.execute("UPDATE academy.lessons SET quiz_id = \(id), updated_at = now() WHERE id = \(lessonID)")
        }
        return true
    }

    /// Records why a pending quiz could not be generated; false when it was no longer pending.
    public static func markFailed(id: UUID, reason: String, on connection: some PostgresQueryable) async throws -> Bool {
        try await connection.execute("""
            UPDATE academy.quizzes SET status = 'failed', failure = \(reason) WHERE id = \(id) AND status = 'pending'
            """) == 1
    }

    /// Stores a scored attempt and, for a lesson's quiz, feeds the best score into the
    /// learner's lesson progress.
    func recordAttempt(_ attempt: QuizAttempt, lesson: (courseID: UUID, lessonID: UUID)?, actor: String) async throws {
        try await postgres.withTransaction { connection in
            try await connection.execute("""
                INSERT INTO academy.quiz_attempts (id, quiz_id, user_id, answers, correct, score)
                VALUES (\(attempt.id), \(attempt.quizID), \(attempt.userID), \(try PostgresJSON(attempt.answers)), \(attempt.correct), \(attempt.score))
                """)
            if let lesson {
                _ = try await EnrollmentStore.recordProgress(userID: attempt.userID, courseID: lesson.courseID, lessonID: lesson.lessonID,
                                                             status: nil, timeSpentSeconds: nil, quizScore: attempt.score, actor: actor,
                                                             on: connection)
            }
        }
    }
}
