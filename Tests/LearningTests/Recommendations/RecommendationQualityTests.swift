import Learning
import Testing

@Suite("Recommendation quality")
struct RecommendationQualityTests {
    @Test func theHybridRecommenderBeatsPopularityOnHeldOutEnrollments() {
        let dataset = TasteClusterDataset.generate(courseCount: 1_000, learnerCount: 3_000, seed: 2_024)
        let recommender = Recommender(profiles: dataset.profiles, cooccurrence: dataset.cooccurrence)
        let hybrid = HitRate.ofRecommender(recommender, on: dataset)
        let popularity = HitRate.ofPopularity(on: dataset)
        print("hit-rate@5 on \(dataset.learners.count) learners: recommender \(hybrid), popularity baseline \(popularity)")
        #expect(hybrid > popularity)
        #expect(hybrid > 2 * popularity)
    }
}
