import Academy
import Foundation
import Learning
import PostgresClient

/// Recomputes one learner's recommendations and stores them: the catalogue model from the
/// cache, the learner's history and the co-enrolment counts around their courses read fresh,
/// so a new enrolment counts as soon as its command has been handled.
public final class RecommendationRefresher: Sendable {
    public static let count = 5
    let postgres: PostgresClient
    let store: LearningDataStore
    private let cache = CatalogueModelCache()

    public init(postgres: PostgresClient) {
        self.postgres = postgres
        store = LearningDataStore(postgres: postgres)
    }

    /// - Returns: how many recommendations were stored; nil when the learner no longer exists.
    @discardableResult
    public func refresh(userID: UUID) async throws -> Int? {
        guard let learner = try await store.learner(userID) else { return nil }
        let model = try await cache.current(store, knowing: learner.enrolled)
        let counts = try await store.cooccurrence(around: learner.enrolled)
        let history = LearnerHistory(enrolled: learner.enrolled, completed: learner.completed, domains: learner.domainWeights,
                                     language: learner.language)
        let recommendations = model.recommender.recommend(for: history, count: Self.count,
                                                          cooccurrence: CourseCooccurrence(counts: counts))
        let entries = recommendations.map { recommendation in
            RecommendationStore.Entry(courseID: recommendation.courseID, score: recommendation.score,
                                      reason: Self.reason(recommendation.reason, titles: model.titles))
        }
        try await RecommendationStore.replace(userID: userID, with: entries, on: postgres)
        return entries.count
    }

    static func reason(_ reason: RecommendationReason, titles: [UUID: String]) -> CourseRecommendation.Reason {
        let text = reason.text(titles: titles)
        switch reason {
        case let .learnersAlsoTook(course): return .init(code: "learners_also_took", relatedCourseID: course, text: text)
        case let .similarContent(course): return .init(code: "similar_content", relatedCourseID: course, text: text)
        case .inYourDomain: return .init(code: "in_your_domain", relatedCourseID: nil, text: text)
        case .popular: return .init(code: "popular", relatedCourseID: nil, text: text)
        }
    }
}

extension CourseCooccurrence {
    /// Counts as `LearningDataStore.cooccurrence(around:)` reads them.
    init(counts: (learners: [UUID: Int], pairs: [(UUID, UUID, Int)])) {
        var pairs: [CoursePair: Int] = [:]
        for (a, b, learners) in counts.pairs {
            if let pair = CoursePair(a, b) { pairs[pair] = learners }
        }
        self.init(learnerCounts: counts.learners, pairCounts: pairs)
    }
}
