import Foundation

/// What the recommender knows about a learner.
public struct LearnerHistory: Sendable, Equatable {
    /// Courses the learner is or was enrolled in; never recommended back.
    public var enrolled: [UUID]
    /// Enrolled courses the learner finished; they weigh more than abandoned ones.
    public var completed: Set<UUID>
    /// Interest per domain, e.g. from progress in each; any non-negative scale.
    public var domains: [String: Double]
    /// Preferred teaching language code, e.g. "fr".
    public var language: String?

    public init(enrolled: [UUID] = [], completed: Set<UUID> = [], domains: [String: Double] = [:], language: String? = nil) {
        self.enrolled = enrolled
        self.completed = completed
        self.domains = domains
        self.language = language
    }
}
