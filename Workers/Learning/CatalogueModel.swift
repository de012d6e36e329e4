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
///
/// The catalogue's version is read at most once a second (no query per command), and a changed
/// catalogue is rebuilt at most every 30 seconds: building costs about half a second of CPU per
/// thousand courses, and a busy catalogue changes all the time. Only the content neighbours and
/// popularity of a course edited in between are that much late; enrolments count at once, and
/// a learner enrolled in a course the model does not know yet forces a rebuild.
actor CatalogueModelCache {
    static let recheckInterval = Duration.seconds(1)
    static let minimumRebuildInterval = Duration.seconds(30)
    private var model: CatalogueModel?
    private var checkedAt: ContinuousClock.Instant?
    private var builtAt: ContinuousClock.Instant?

    func current(_ store: LearningDataStore, knowing courses: [UUID]) async throws -> CatalogueModel {
        let now = ContinuousClock.now
        if let model, courses.allSatisfy({ model.titles[$0] != nil }) {
            if let checkedAt, now - checkedAt < Self.recheckInterval { return model }
            if let builtAt, now - builtAt < Self.minimumRebuildInterval { return model }
        }
        let version = try await store.catalogueVersion()
        checkedAt = now
        if let model, model.version == version, courses.allSatisfy({ model.titles[$0] != nil }) { return model }
        let rebuilt = CatalogueModel(version: version, courses: try await store.catalogue())
        model = rebuilt
        builtAt = now
        return rebuilt
    }
}
