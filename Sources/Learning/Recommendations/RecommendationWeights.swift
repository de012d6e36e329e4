/// How the recommender mixes its signals, each scaled to 0...1 first. The defaults were tuned
/// on the taste-cluster evaluation in the tests (hit-rate@5), where collaborative filtering
/// carries most of the signal; content keeps a real weight because it is what places a new
/// course, which has no co-enrollments yet. Change them only with that test at hand.
public struct RecommendationWeights: Sendable, Equatable {
    /// Weight of "learners who took your courses also took this" (item-to-item cosine summed
    /// over the learner's courses, divided by the learner's largest such sum).
    public var collaborative: Double
    /// Weight of content similarity to the learner's courses (scaled the same way).
    public var content: Double
    /// Weight of the learner's interest in the course's domain (0...1 after normalising).
    public var domain: Double
    /// Weight of popularity (log of enrollments, scaled to 0...1 by the catalogue's largest).
    public var popularity: Double
    /// How much more a completed course counts than one only enrolled in.
    public var completedCourseMultiplier: Double
    /// Score factor for a course not in the learner's language.
    public var otherLanguageFactor: Double
    /// Co-enrollment counts are damped by count / (count + shrinkage), so that two courses
    /// taken together by one learner are not "identical" (cosine 1).
    public var cooccurrenceShrinkage: Double

    public init(
        collaborative: Double = 1.0, content: Double = 0.25, domain: Double = 0.5, popularity: Double = 0.4,
        completedCourseMultiplier: Double = 1.5, otherLanguageFactor: Double = 0.5, cooccurrenceShrinkage: Double = 2
    ) {
        self.collaborative = collaborative
        self.content = content
        self.domain = domain
        self.popularity = popularity
        self.completedCourseMultiplier = completedCourseMultiplier
        self.otherLanguageFactor = otherLanguageFactor
        self.cooccurrenceShrinkage = cooccurrenceShrinkage
    }
}
