import Foundation
import PostgresClient

/// A course suggested to a learner, with the reason shown beside it.
public struct CourseRecommendation: Sendable, Codable, Equatable {
    /// Why: a stable `code` clients can switch on, the course it refers to when there is one,
    /// and a sentence for people.
    public struct Reason: Sendable, Codable, Equatable {
        public var code: String
        public var relatedCourseID: UUID?
        public var text: String

        public init(code: String, relatedCourseID: UUID?, text: String) {
            self.code = code
            self.relatedCourseID = relatedCourseID
            self.text = text
        }
    }

    public var course: Course
    public var score: Double
    public var reason: Reason
    public var refreshedAt: Date?
}
