import Academy
import Foundation
import Notifications
import Pipeline
import PostgresClient

/// Handles `GenerateQuiz`: generates the questions of a pending quiz from its lesson (or inline
/// text), stores them, and tells the requester through a notification, in one transaction.
///
/// Idempotent without the inbox: only a `pending` quiz changes, so a redelivered command finds it
/// ready (or failed) and does nothing, and the notification rides on the same commit.
public struct GenerateQuizHandler: CommandHandler {
    let postgres: PostgresClient
    let quizzes: QuizStore
    let content: CourseContentStore

    public init(postgres: PostgresClient) {
        self.postgres = postgres
        quizzes = QuizStore(postgres: postgres)
        content = CourseContentStore(postgres: postgres)
    }

    public func handle(_ command: GenerateQuiz, context: HandlerContext) async throws {
        guard let quiz = try await quizzes.quiz(id: command.quizID), quiz.status == .pending else { return }
        let outcome: QuizMaterial.Outcome
        if let lessonID = quiz.lessonID, let courseID = quiz.courseID {
            outcome = try await QuizMaterial.lesson(lessonID, courseID: courseID, content: content)
                .generate(count: quiz.numQuestions, seed: quiz.seed)
        } else if let text = try await quizzes.sourceText(quizID: quiz.id) {
            outcome = QuizMaterial(text: text, otherTexts: []).generate(count: quiz.numQuestions, seed: quiz.seed)
        } else {
            // The lesson was deleted after the request.
            outcome = .tooShort(possible: 0)
        }
        try await postgres.withTransaction { connection in
            switch outcome {
            case let .questions(questions):
                guard try await QuizStore.markReady(id: quiz.id, questions: questions, on: connection) else { return }
                try await notify(quiz, ready: true, detail: "\(questions.count) questions", context: context, on: connection)
            case let .tooShort(possible):
                let reason = "content_too_short: the text yields \(possible) of the \(quiz.numQuestions) questions asked"
                guard try await QuizStore.markFailed(id: quiz.id, reason: reason, on: connection) else { return }
                try await notify(quiz, ready: false, detail: reason, context: context, on: connection)
            }
        }
    }

    private func notify(_ quiz: Quiz, ready: Bool, detail: String, context: HandlerContext,
                        on connection: some PostgresQueryable) async throws {
        guard let requester = quiz.requestedBy else { return }
        var data = ["quiz_id": quiz.id.uuidString.lowercased()]
        if let lessonID = quiz.lessonID { data["lesson_id"] = lessonID.uuidString.lowercased() }
        let notification = DispatchNotification(
            userID: requester, type: ready ? "academy.quiz.ready" : "academy.quiz.failed",
            title: ready ? "Your quiz is ready" : "Your quiz could not be generated", body: detail, data: data)
        try await Outbox.enqueue(notification, actor: "worker:learning", traceparent: context.traceparent, on: connection)
    }
}
