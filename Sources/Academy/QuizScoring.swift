import Foundation
import Ingress

/// Scores an attempt: one point per right option, `score` = right / questions × 100 (two
/// decimals). `answers` holds one option index per question, null for a skipped one.
enum QuizScoring {
    static func attempt(id: UUID, quiz: Quiz, userID: UUID, answers: [Int?]?, at date: Date = .now) throws -> QuizAttempt {
        let questions = quiz.questions ?? []
        var issues = FieldIssues()
        guard let answers else {
            issues.require(false, "answers", "is required")
            try issues.throwIfAny()
            return QuizAttempt(id: id, quizID: quiz.id, userID: userID, answers: [], correct: 0, total: 0, score: 0, corrections: [], createdAt: date)
        }
        issues.require(answers.count == questions.count, "answers", "must hold one entry per question (\(questions.count))")
        for (index, answer) in answers.enumerated() where index < questions.count {
            if let answer {
                issues.require(questions[index].options.indices.contains(answer), "answers[\(index)]",
                               "must be an option index from 0 to \(questions[index].options.count - 1), or null")
            }
        }
        try issues.throwIfAny()
        let correct = zip(answers, questions).filter { answer, question in answer != nil && answer == question.answerIndex }.count
        let score = questions.isEmpty ? 0 : (Double(correct) * 10_000 / Double(questions.count)).rounded() / 100
        return QuizAttempt(id: id, quizID: quiz.id, userID: userID, answers: answers, correct: correct, total: questions.count,
                           score: score, corrections: questions, createdAt: date)
    }
}
