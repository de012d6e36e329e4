import Foundation
import Learning
import Testing

@Suite("Recommender")
struct RecommenderTests {
    static func id(_ number: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", number))!
    }

    static func course(_ number: Int, _ title: String, domain: String, language: String, enrollments: Int, stack: [String], recommendable: Bool = true) -> CourseProfile {
        CourseProfile(
            id: id(number), domain: domain, language: language, title: title, description: title, keywords: [], stack: stack,
            enrollments: enrollments, averageRating: 4, isRecommendable: recommendable)
    }

    static let catalogue = [
        course(1, "Excel débutant", domain: "Data", language: "fr", enrollments: 500, stack: ["Excel"]),
        course(2, "Excel tableaux croisés", domain: "Data", language: "fr", enrollments: 300, stack: ["Excel"]),
        course(3, "Power BI", domain: "Data", language: "fr", enrollments: 200, stack: ["Power BI"]),
        course(4, "Python for beginners", domain: "Development", language: "en", enrollments: 800, stack: ["Python"]),
        course(5, "Advanced Python", domain: "Development", language: "en", enrollments: 100, stack: ["Python"]),
        course(6, "Cuisine du monde", domain: "Cooking", language: "fr", enrollments: 50, stack: []),
        course(7, "Excel brouillon", domain: "Data", language: "fr", enrollments: 1_000, stack: ["Excel"], recommendable: false),
        course(8, "Data storytelling", domain: "Data", language: "en", enrollments: 150, stack: ["Tableau"]),
        course(9, "Photoshop essentiel", domain: "Design", language: "fr", enrollments: 400, stack: ["Photoshop"]),
    ]

    /// 40 learners took Excel débutant then Excel tableaux croisés, 40 the two Python courses,
    /// 10 Excel débutant then Power BI.
    static func cooccurrence() -> CourseCooccurrence {
        var counts = CourseCooccurrence()
        for _ in 0..<40 {
            counts.addEnrollment(existingCourses: [], newCourse: id(1))
            counts.addEnrollment(existingCourses: [id(1)], newCourse: id(2))
            counts.addEnrollment(existingCourses: [], newCourse: id(4))
            counts.addEnrollment(existingCourses: [id(4)], newCourse: id(5))
        }
        for _ in 0..<10 {
            counts.addEnrollment(existingCourses: [], newCourse: id(1))
            counts.addEnrollment(existingCourses: [id(1)], newCourse: id(3))
        }
        return counts
    }

    static let recommender = Recommender(profiles: catalogue, cooccurrence: cooccurrence())

    @Test func learnersAlsoTookIsTheTopReasonAfterAStrongCoEnrollment() {
        let recommendations = Self.recommender.recommend(for: LearnerHistory(enrolled: [Self.id(1)]))
        #expect(recommendations.first?.courseID == Self.id(2))
        #expect(recommendations.first?.reason == .learnersAlsoTook(Self.id(1)))
    }

    @Test func enrolledAndNonRecommendableCoursesAreNeverReturned() {
        let dataset = TasteClusterDataset.generate(courseCount: 500, learnerCount: 400, seed: 11)
        let recommender = Recommender(profiles: dataset.profiles, cooccurrence: dataset.cooccurrence)
        let drafts = Set(dataset.profiles.filter { !$0.isRecommendable }.map(\.id))
        #expect(!drafts.isEmpty)
        for learner in dataset.learners {
            let recommended = recommender.recommend(for: learner.history).map(\.courseID)
            #expect(recommended.count == 5)
            #expect(Set(recommended).count == 5)
            #expect(Set(recommended).isDisjoint(with: learner.history.enrolled))
            #expect(Set(recommended).isDisjoint(with: drafts))
        }
        let everything = Set(Self.catalogue.map(\.id))
        let history = LearnerHistory(enrolled: [Self.id(1), Self.id(2), Self.id(4)])
        #expect(!Self.recommender.recommend(for: history, count: 10).contains { [Self.id(1), Self.id(2), Self.id(4), Self.id(7)].contains($0.courseID) })
        #expect(Self.recommender.recommend(for: LearnerHistory(enrolled: Array(everything))).isEmpty)
    }

    @Test func fewerThanFiveOnlyWhenTheCatalogueRunsOut() {
        let small = Array(Self.catalogue.prefix(4))
        let recommender = Recommender(profiles: small, cooccurrence: Self.cooccurrence())
        #expect(recommender.recommend(for: LearnerHistory(enrolled: [Self.id(1), Self.id(2)])).count == 2)
        #expect(recommender.recommend(for: LearnerHistory()).count == 4)
        #expect(Self.recommender.recommend(for: LearnerHistory(enrolled: [Self.id(6)])).count == 5)
        #expect(Self.recommender.recommend(for: LearnerHistory(enrolled: [Self.id(6)]), count: 3).count == 3)
    }

    @Test func resultsAreDeterministicWhateverTheInputOrder() {
        var shuffled = Self.catalogue
        var random = SeededRandomNumberGenerator(seed: 5)
        random.shuffle(&shuffled)
        let other = Recommender(profiles: shuffled, cooccurrence: Self.cooccurrence())
        for history in [LearnerHistory(), LearnerHistory(enrolled: [Self.id(6)]), LearnerHistory(enrolled: [Self.id(1), Self.id(9)], completed: [Self.id(9)])] {
            let first = Self.recommender.recommend(for: history)
            #expect(Self.recommender.recommend(for: history) == first)
            #expect(other.recommend(for: history) == first)
        }
    }

    @Test func aNewEnrollmentChangesTheRecommendations() {
        let before = Self.recommender.recommend(for: LearnerHistory(enrolled: [Self.id(1)]))
        var counts = Self.cooccurrence()
        counts.addEnrollment(existingCourses: [Self.id(1)], newCourse: Self.id(2))
        let after = Recommender(profiles: Self.catalogue, cooccurrence: counts)
            .recommend(for: LearnerHistory(enrolled: [Self.id(1), Self.id(2)]))
        #expect(after != before)
        #expect(!after.contains { $0.courseID == Self.id(2) })
        #expect(after.first?.courseID == Self.id(3))
    }

    @Test func otherLearnersEnrollmentsChangeTheRecommendations() {
        let history = LearnerHistory(enrolled: [Self.id(4)])
        let before = Self.recommender.recommend(for: history)
        #expect(before.first?.courseID == Self.id(5))
        var counts = Self.cooccurrence()
        for _ in 0..<200 {
            counts.addEnrollment(existingCourses: [], newCourse: Self.id(4))
            counts.addEnrollment(existingCourses: [Self.id(4)], newCourse: Self.id(9))
        }
        let after = Recommender(profiles: Self.catalogue, cooccurrence: counts).recommend(for: history)
        let photoshopBefore = before.firstIndex { $0.courseID == Self.id(9) } ?? before.count
        let photoshopAfter = after.firstIndex { $0.courseID == Self.id(9) }
        #expect(after != before)
        #expect(photoshopAfter.map { $0 < photoshopBefore } == true)
        #expect(photoshopAfter.map { after[$0].reason } == .learnersAlsoTook(Self.id(4)))
    }

    @Test func freshCountsAroundTheLearnersCoursesGiveTheSameListAsARebuild() {
        let dataset = TasteClusterDataset.generate(courseCount: 300, learnerCount: 300, seed: 5)
        let rebuilt = Recommender(profiles: dataset.profiles, cooccurrence: dataset.cooccurrence)
        let withoutCounts = Recommender(profiles: dataset.profiles, cooccurrence: CourseCooccurrence())
        for learner in dataset.learners.prefix(60) {
            // Only what the worker reads: the pairs involving the learner's courses.
            let mine = Set(learner.history.enrolled)
            let around = CourseCooccurrence(learnerCounts: dataset.cooccurrence.learnerCounts,
                                            pairCounts: dataset.cooccurrence.pairCounts.filter { mine.contains($0.key.first) || mine.contains($0.key.second) })
            let fresh = withoutCounts.recommend(for: learner.history, cooccurrence: around)
            let expected = rebuilt.recommend(for: learner.history)
            // Same courses, order and reasons; scores equal up to summation order.
            #expect(fresh.map(\.courseID) == expected.map(\.courseID))
            #expect(fresh.map(\.reason) == expected.map(\.reason))
            #expect(zip(fresh, expected).allSatisfy { abs($0.score - $1.score) < 1e-9 })
        }
    }

    @Test func completedCoursesWeighMoreThanStartedOnes() {
        let both = [Self.id(1), Self.id(4)]
        let pythonDone = Self.recommender.recommend(for: LearnerHistory(enrolled: both, completed: [Self.id(4)])).map(\.courseID)
        let excelDone = Self.recommender.recommend(for: LearnerHistory(enrolled: both, completed: [Self.id(1)])).map(\.courseID)
        #expect(pythonDone.first == Self.id(5))
        #expect(excelDone.first == Self.id(2))
    }

    @Test func coldStartUsesLanguageAndDomainThenFallsBackToPopularity() {
        let history = LearnerHistory(domains: ["data": 1], language: "EN")
        let recommendations = Self.recommender.recommend(for: history)
        // English data course, then English ones, then data ones; the draft never.
        #expect(recommendations.map(\.courseID) == [8, 4, 5, 1, 2].map(Self.id))
        #expect(recommendations[0].reason == .popular(language: "en", domain: "Data"))
        #expect(recommendations[1].reason == .popular(language: "en", domain: nil))
        #expect(recommendations[3].reason == .popular(language: nil, domain: "Data"))
        let global = Self.recommender.recommend(for: history, count: 7)
        #expect(global.map(\.courseID) == [8, 4, 5, 1, 2, 3, 9].map(Self.id))
        #expect(global[6].reason == .popular(language: nil, domain: nil))
    }

    @Test func coldStartWithoutPreferencesIsGlobalPopularity() {
        let recommended = Self.recommender.recommend(for: LearnerHistory()).map(\.courseID)
        #expect(recommended == [4, 1, 9, 2, 3].map(Self.id))
    }

    @Test func aLearnerWithHistoryPrefersTheirLanguage() {
        let history = LearnerHistory(enrolled: [Self.id(6)], language: "en")
        let recommended = Self.recommender.recommend(for: history, count: 3).map(\.courseID)
        #expect(recommended == [4, 8, 5].map(Self.id))
    }

    @Test func reasonsReadAsEnglishSentencesWithTitles() {
        let titles = [Self.id(1): "Excel débutant"]
        #expect(RecommendationReason.learnersAlsoTook(Self.id(1)).text(titles: titles) == "Learners who took “Excel débutant” also took this course.")
        #expect(RecommendationReason.similarContent(to: Self.id(1)).text(titles: titles) == "Covers topics similar to “Excel débutant”.")
        #expect(RecommendationReason.similarContent(to: Self.id(2)).text(titles: titles) == "Covers topics similar to a course you took.")
        #expect(RecommendationReason.inYourDomain("Data").text(titles: titles) == "Popular in Data, a domain you are learning.")
        #expect(RecommendationReason.popular(language: "fr", domain: "Data").text(titles: [:]) == "Popular in Data among learners in French.")
        #expect(RecommendationReason.popular(language: "en", domain: nil).text(titles: [:]) == "Popular among learners in English.")
        #expect(RecommendationReason.popular(language: nil, domain: nil).text(titles: [:]) == "Popular with learners on Har Academy.")
    }

    @Test func neighbourListsAreExposedForCoursePages() {
        #expect(Self.recommender.collaborativeNeighbours(of: Self.id(1)).first?.courseID == Self.id(2))
        #expect(Self.recommender.contentNeighbours(of: Self.id(1)).first?.courseID == Self.id(2))
        #expect(!Self.recommender.collaborativeNeighbours(of: Self.id(1)).contains { $0.courseID == Self.id(7) })
    }
}
