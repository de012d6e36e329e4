import Foundation
import Pipeline

/// "Generate the questions of this pending quiz": the `learning` worker reads the quiz row (its
/// lesson or inline text, question count and seed), generates, stores and notifies the
/// requester. Keyed by lesson so two requests on one lesson run in order.
public struct GenerateQuiz: Command, Equatable {
    public static let commandType = CommandType("GenerateQuiz", topic: "learning.quizzes")

    public var quizID: UUID
    public var lessonID: UUID?

    public init(quizID: UUID, lessonID: UUID?) {
        self.quizID = quizID
        self.lessonID = lessonID
    }

    public var orderingKey: String { (lessonID ?? quizID).uuidString.lowercased() }
}
