import Academy
import Foundation
import Learning

/// The recommender's view of the catalogue (content neighbours, popularity, titles), built from
/// PostgreSQL and kept until a course is added or changed.
struct CatalogueModel: Sendable {
    let version: String
    let recommender: Recommender
    let titles: [UUID: String]

    init(version: String, courses: [LearningDataStore.CatalogueCourse]) {
        self.version = version
        let profiles = courses.map {
            CourseProfile(id: $0.id, domain: $0.domain, language: $0.language, title: $0.title, description: $0.description,
                          keywords: $0.keywords, stack: $0.stack, enrollments: $0.enrollments, averageRating: $0.averageRating,
                          isRecommendable: $0.isPublished)
        }
        // Collaborative evidence is read fresh per learner (see RecommendationRefresher), so the
        // model is built without co-enrolment counts.
        recommender = Recommender(profiles: profiles, cooccurrence: CourseCooccurrence())
        titles = Dictionary(uniqueKeysWithValues: courses.map { ($0.id, $0.title) })
    }
}

/// Holds the current `CatalogueModel`; one rebuild at a time, shared by concurrent handlers.
/// The catalogue's version is read at most once a second: a changed course is seen within a
/// second, without a query per command.
actor CatalogueModelCache {
    static let recheckInterval = Duration.seconds(1)
    private var model: CatalogueModel?
    private var checkedAt: ContinuousClock.Instant?

    func current(_ store: LearningDataStore) async throws -> CatalogueModel {
        let now = ContinuousClock.now
        if let model, let checkedAt, now - checkedAt < Self.recheckInterval { return model }
        let version = try await store.catalogueVersion()
        checkedAt = now
        if let model, model.version == version { return model }
        let rebuilt = CatalogueModel(version: version, courses: try await store.catalogue())
        model = rebuilt
        return rebuilt
    }
}
