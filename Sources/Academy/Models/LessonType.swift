import PostgresClient

public enum LessonType: String, Sendable, Codable, CaseIterable, PostgresEncodable, PostgresDecodable {
    case video, text, quiz, exercise
}
