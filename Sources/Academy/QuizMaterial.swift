import Foundation
import Learning

/// The text a quiz is made from: the lesson as plain text and the course's other lessons (the
/// background key terms are weighed against). The ingress uses it to refuse content too short
/// for the requested count (422) and the learning worker to generate, with the same result
/// because generation is deterministic.
public struct QuizMaterial: Sendable {
    public let text: String
    public let otherTexts: [String]

    public init(text: String, otherTexts: [String]) {
        self.text = PlainText.fromHTML(text)
        self.otherTexts = otherTexts.map(PlainText.fromHTML)
    }

    /// A stored lesson's text and its course's other lessons.
    public static func lesson(_ lessonID: UUID, courseID: UUID, content: CourseContentStore) async throws -> QuizMaterial {
        let texts = try await content.studyTexts(courseID: courseID)
        return QuizMaterial(text: texts.first { $0.lessonID == lessonID }?.text ?? "",
                            otherTexts: texts.filter { $0.lessonID != lessonID }.map(\.text))
    }

    public enum Outcome: Sendable {
        case questions([QuizQuestion])
        /// The text yields only `possible` questions.
        case tooShort(possible: Int)
    }

    /// `count` questions (1–50), the same for the same text, count and seed.
    public func generate(count: Int, seed: Int64) -> Outcome {
        do {
            let quiz = try QuizGenerator.generate(lessonText: text, otherLessons: otherTexts, questionCount: count,
                                                  seed: UInt64(bitPattern: seed))
            return .questions(quiz.questions.map {
                QuizQuestion(kind: $0.kind == .cloze ? .cloze : .trueFalse, prompt: $0.prompt, options: $0.options,
                             answerIndex: $0.answerIndex, explanation: $0.explanation)
            })
        } catch let .notEnoughContent(possible) {
            return .tooShort(possible: possible)
        } catch {
            // Only an out-of-range count remains, which callers validate first.
            return .tooShort(possible: 0)
        }
    }

    /// How many of `limit` questions the text can give (the generator's count does not depend
    /// on the seed).
    public func possibleQuestions(limit: Int) -> Int {
        switch generate(count: limit, seed: 0) {
        case let .questions(questions): questions.count
        case let .tooShort(possible): possible
        }
    }
}
