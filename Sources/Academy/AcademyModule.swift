import Identity
import Ingress

/// Har Academy as the ingress sees it: everything under `/v1/academy` (catalogue, content,
/// enrolments and progress, reviews, FAQ, quizzes, recommendations, FAQ chat, course statistics).
/// Quizzes and recommendations are computed by the `learning` worker, statistics by the `stats`
/// worker; the routes serve what they stored.
public struct AcademyModule: Sendable {
    let accessGuard: AccessGuard

    public init(accessGuard: AccessGuard) {
        self.accessGuard = accessGuard
    }

    public var routes: IngressApplication.RouteInstaller {
        { [accessGuard] routes, dependencies in
            let deps = AcademyDependencies(access: accessGuard, postgres: dependencies.postgres, publisher: dependencies.publisher)
            CourseRoutes.add(to: routes, deps)
            CourseContentRoutes.add(to: routes, deps)
            EnrollmentRoutes.add(to: routes, deps)
            ReviewRoutes.add(to: routes, deps)
            FAQRoutes.add(to: routes, deps)
            QuizRoutes.add(to: routes, deps)
            RecommendationRoutes.add(to: routes, deps)
            FAQChatRoutes.add(to: routes, deps)
            CourseStatsRoutes.add(to: routes, deps)
        }
    }
}
