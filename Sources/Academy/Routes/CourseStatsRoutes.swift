import Foundation
import Hummingbird
import Identity
import Ingress

/// `GET /v1/academy/courses/:id/stats`: a course's metrics for its instructor and admins, served
/// from the statistics view (refreshed by the `stats` worker shortly after each enrolment,
/// completion or review, and every 6 h), with the time they were computed.
enum CourseStatsRoutes {
    static let tag = "academy"

    static func add(to routes: APIRoutes, _ deps: AcademyDependencies) {
        let access = deps.access
        let gate = deps.gate

        routes.add(.get, "/v1/academy/courses/:id/stats",
                   summary: "A course's statistics (owner or admin): enrollments, completions, completion rate, average rating, reviews, refreshed_at",
                   tag: tag, replies: [.init(200, "the statistics"), .init(403, "not the course's instructor nor an admin"),
                                       .init(404, "no such course")],
                   authenticated: true,
                   handler: access.protected(roles: [.academyInstructor, .admin]) { _, context, principal in
                       let course = try await gate.managed(try context.uuidParameter(notFound: "course"), by: principal)
                       return SuccessEnvelope(["stats": try await deps.courseStats.stats(courseID: course.id)])
                   })
    }
}
