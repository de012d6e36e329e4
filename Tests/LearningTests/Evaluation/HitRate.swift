import Foundation
import Learning

/// Hit-rate@k: the share of learners whose held-out course is among the first k suggestions.
enum HitRate {
    static func ofRecommender(_ recommender: Recommender, on dataset: TasteClusterDataset, k: Int = 5) -> Double {
        rate(on: dataset) { learner in recommender.recommend(for: learner.history, count: k).map(\.courseID) }
    }

    /// The baseline: the k most popular recommendable courses the learner is not enrolled in.
    static func ofPopularity(on dataset: TasteClusterDataset, k: Int = 5) -> Double {
        let ranked = dataset.profiles.filter(\.isRecommendable).sorted { lhs, rhs in
            if lhs.enrollments != rhs.enrollments { return lhs.enrollments > rhs.enrollments }
            if lhs.averageRating != rhs.averageRating { return lhs.averageRating > rhs.averageRating }
            return lhs.id.uuidString < rhs.id.uuidString
        }.map(\.id)
        return rate(on: dataset) { learner in
            let enrolled = Set(learner.history.enrolled)
            return Array(ranked.lazy.filter { !enrolled.contains($0) }.prefix(k))
        }
    }

    private static func rate(on dataset: TasteClusterDataset, suggestions: (TasteClusterDataset.Learner) -> [UUID]) -> Double {
        let hits = dataset.learners.filter { suggestions($0).contains($0.heldOut) }.count
        return Double(hits) / Double(max(1, dataset.learners.count))
    }
}
