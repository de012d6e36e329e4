import Foundation
import Hummingbird
import Identity
import Ingress
import Pipeline

/// Enrolment and progress: a learner's own records only.
enum EnrollmentRoutes {
    static let tag = "academy"

    static func add(to routes: APIRoutes, _ deps: AcademyDependencies) {
        let access = deps.access
        let gate = deps.gate

        routes.add(.post, "/v1/academy/courses/:id/enroll", summary: "Enrol in a published course (paid courses need a purchase or subscription)",
                   tag: tag,
                   replies: [.init(201, "the enrolment"), .init(400, "already enrolled"), .init(402, "payment required"),
                             .init(403, "account suspended"), .init(404, "no such published course")],
                   authenticated: true,
                   handler: access.protected { _, context, principal in
                       let courseID = try context.uuidParameter(notFound: "course")
                       switch try await deps.enrollments.enroll(id: UUIDv7.make(), userID: principal.userID, courseID: courseID, actor: principal.actor) {
                       case let .enrolled(enrollment):
                           return SuccessEnvelope(["enrollment": enrollment], status: .created)
                       case .courseNotFound:
                           throw APIError.notFound("course")
                       case .accountSuspended:
                           throw APIError(status: .forbidden, code: "account_suspended", message: "a suspended account cannot enrol")
                       case .alreadyEnrolled:
                           throw APIError(status: .badRequest, code: "already_enrolled", message: "you are already enrolled in this course")
                       case .paymentRequired:
                           throw APIError(status: .paymentRequired, code: "payment_required",
                                          message: "this course must be purchased (POST /v1/billing/purchase) before enrolling")
                       }
                   })

        routes.add(.get, "/v1/academy/enrollments", summary: "My enrolments, optionally by status", tag: tag,
                   replies: [.init(200, "enrolments"), .init(400, "invalid status")], authenticated: true,
                   handler: access.protected { request, _, principal in
                       var issues = FieldIssues()
                       let status = issues.choice(request.uri.queryParameters.get("status"), "status", as: EnrollmentStatus.self)
                       try issues.throwIfAny()
                       return SuccessEnvelope(["enrollments": try await deps.enrollments.enrollments(userID: principal.userID, status: status)])
                   })

        routes.add(.patch, "/v1/academy/courses/:id/lessons/:lesson_id/progress",
                   summary: "Record my progress on a lesson; returns the course progress (completed / total × 100)", tag: tag,
                   requestBody: JSONSchema.object([("status", JSONSchema.string(enumValues: ProgressStatus.allCases.map(\.rawValue))),
                                                   ("time_spent_seconds", JSONSchema.integer), ("quiz_score", JSONSchema.number)],
                                                  required: ["status"]),
                   replies: [.init(200, "progress and course_progress"), .init(400, "invalid fields"), .init(403, "not enrolled"),
                             .init(404, "no such course or lesson")],
                   authenticated: true,
                   handler: access.protected { request, context, principal in
                       let courseID = try context.uuidParameter(notFound: "course")
                       let lessonID = try context.uuidParameter("lesson_id", notFound: "lesson")
                       let input = try await JSONBody.decode(ProgressInput.self, from: request, limit: context.maxBodyBytes)
                       let status = try input.validated()
                       let course = try await gate.visible(courseID, to: principal)
                       guard try await deps.content.lesson(id: lessonID, courseID: course.id) != nil else { throw APIError.notFound("lesson") }
                       guard let (progress, enrollment) = try await deps.enrollments.recordProgress(
                           userID: principal.userID, courseID: course.id, lessonID: lessonID, status: status,
                           timeSpentSeconds: input.timeSpentSeconds, quizScore: input.quizScore, actor: principal.actor)
                       else {
                           throw APIError(status: .forbidden, code: "not_enrolled", message: "enrol in the course to record progress")
                       }
                       return SuccessEnvelope(ProgressReply(progress: progress, courseProgress: enrollment.progressPercentage, enrollment: enrollment))
                   })

        routes.add(.get, "/v1/academy/courses/:id/progress", summary: "My enrolment in a course and my progress on each lesson", tag: tag,
                   replies: [.init(200, "enrollment and lessons_progress"), .init(403, "not enrolled"), .init(404, "no such course")],
                   authenticated: true,
                   handler: access.protected { _, context, principal in
                       let course = try await gate.visible(try context.uuidParameter(notFound: "course"), to: principal)
                       guard let enrollment = try await deps.enrollments.enrollment(userID: principal.userID, courseID: course.id) else {
                           throw APIError(status: .forbidden, code: "not_enrolled", message: "you are not enrolled in this course")
                       }
                       let lessons = try await deps.enrollments.lessonProgress(userID: principal.userID, courseID: course.id)
                       return SuccessEnvelope(CourseProgressReply(enrollment: enrollment, lessonsProgress: lessons))
                   })
    }

    struct ProgressInput: Decodable {
        var status: String?
        var timeSpentSeconds: Int?
        var quizScore: Double?

        func validated() throws -> ProgressStatus {
            var issues = FieldIssues()
            issues.require(status != nil, "status", "is required")
            let parsed = issues.choice(status, "status", as: ProgressStatus.self)
            if let seconds = timeSpentSeconds {
                issues.require((0...10_000_000).contains(seconds), "time_spent_seconds", "must be an integer from 0 to 10000000")
            }
            if let score = quizScore { issues.require((0...100).contains(score), "quiz_score", "must be a number from 0 to 100") }
            try issues.throwIfAny()
            return parsed ?? .inProgress
        }
    }

    struct ProgressReply: Encodable, Sendable {
        let progress: LessonProgress
        let courseProgress: Double
        let enrollment: Enrollment
    }

    struct CourseProgressReply: Encodable, Sendable {
        let enrollment: Enrollment
        let lessonsProgress: [LessonProgress]
    }
}
