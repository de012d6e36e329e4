import Foundation

/// A course recommended to a learner, with why.
public struct Recommendation: Sendable, Equatable, Codable {
    public let courseID: UUID
    /// Relative strength within one learner's list; not comparable across learners.
    public let score: Double
    public let reason: RecommendationReason

    public init(courseID: UUID, score: Double, reason: RecommendationReason) {
        self.courseID = courseID
        self.score = score
        self.reason = reason
    }
}
