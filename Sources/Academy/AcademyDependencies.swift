import HTTPTypes
import Identity
import Pipeline
import PostgresClient

/// What the Academy routes share, built once per ingress process.
struct AcademyDependencies: Sendable {
    let access: AccessGuard
    let courses: CourseStore
    let content: CourseContentStore
    let enrollments: EnrollmentStore
    let reviews: ReviewStore
    let faq: FAQStore
    let quizzes: QuizStore
    let recommendations: RecommendationStore
    let courseStats: CourseStatsStore
    let publisher: any CommandPublisher

    init(access: AccessGuard, postgres: PostgresClient, publisher: any CommandPublisher) {
        self.access = access
        courses = CourseStore(postgres: postgres)
        content = CourseContentStore(postgres: postgres)
        enrollments = EnrollmentStore(postgres: postgres)
        reviews = ReviewStore(postgres: postgres)
        faq = FAQStore(postgres: postgres)
        quizzes = QuizStore(postgres: postgres)
        recommendations = RecommendationStore(postgres: postgres)
        courseStats = CourseStatsStore(postgres: postgres)
        self.publisher = publisher
    }

    var gate: CourseGate { CourseGate(courses: courses, enrollments: enrollments) }
}

extension HTTPResponse.Status {
    /// 402: a paid course without a purchase or a covering subscription.
    static let paymentRequired = HTTPResponse.Status(code: 402, reasonPhrase: "Payment Required")
}
