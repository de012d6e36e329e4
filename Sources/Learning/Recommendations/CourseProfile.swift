import Foundation

/// What the recommender knows about a course.
public struct CourseProfile: Sendable, Equatable, Codable {
    public let id: UUID
    /// Subject area, e.g. "Data Analysis"; compared folded.
    public let domain: String
    /// Teaching language code, e.g. "fr"; compared case-insensitively.
    public let language: String
    public let title: String
    public let description: String
    public let keywords: [String]
    /// Tools taught, e.g. ["Excel", "Power Query"].
    public let stack: [String]
    /// Learners enrolled, the popularity measure.
    public let enrollments: Int
    /// Mean learner rating, 0...5.
    public let averageRating: Double
    /// False for drafts and archived courses, which are never recommended.
    public let isRecommendable: Bool

    public init(
        id: UUID, domain: String, language: String, title: String, description: String, keywords: [String],
        stack: [String], enrollments: Int, averageRating: Double, isRecommendable: Bool
    ) {
        self.id = id
        self.domain = domain
        self.language = language
        self.title = title
        self.description = description
        self.keywords = keywords
        self.stack = stack
        self.enrollments = enrollments
        self.averageRating = averageRating
        self.isRecommendable = isRecommendable
    }
}
