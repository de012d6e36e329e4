import Foundation
import Hummingbird
import Identity
import Ingress
import Pipeline

/// Modules and lessons: their outline is public, their content is for learners who enrolled
/// (and paid, for a paid course) and for the course's instructor.
enum CourseContentRoutes {
    static let tag = "academy"

    static func add(to routes: APIRoutes, _ deps: AcademyDependencies) {
        let access = deps.access
        let gate = deps.gate

        routes.add(.post, "/v1/academy/courses/:id/modules", summary: "Add a module to a course (owner or admin)", tag: tag,
                   requestBody: JSONSchema.object([("title", JSONSchema.string()), ("description", JSONSchema.string()),
                                                   ("order", JSONSchema.integer)], required: ["title", "order"]),
                   replies: [.init(201, "the module"), .init(400, "invalid fields"), .init(403, "not the owner"), .init(404, "no such course")],
                   authenticated: true,
                   handler: access.protected { request, context, principal in
                       let course = try await gate.managed(try context.uuidParameter(notFound: "course"), by: principal)
                       let fields = try await JSONBody.decode(ModuleFields.self, from: request, limit: context.maxBodyBytes).validated()
                       let module = try await deps.content.addModule(id: UUIDv7.make(), courseID: course.id, title: fields.title,
                                                                     description: fields.description, order: fields.order)
                       return SuccessEnvelope(["module": module], status: .created)
                   })

        routes.add(.get, "/v1/academy/courses/:id/lessons", summary: "A course's lessons in order (outline only), optionally of one module",
                   tag: tag, replies: [.init(200, "lessons"), .init(404, "no such course or module")], authenticated: false,
                   handler: access.optional { request, context, principal in
                       let course = try await gate.visible(try context.uuidParameter(notFound: "course"), to: principal)
                       var moduleID: UUID?
                       if let text = request.uri.queryParameters.get("module_id") {
                           guard let id = UUID(uuidString: text), try await deps.content.module(id: id, courseID: course.id) != nil else {
                               throw APIError.notFound("module")
                           }
                           moduleID = id
                       }
                       return SuccessEnvelope(["lessons": try await deps.content.lessons(courseID: course.id, moduleID: moduleID)])
                   })

        routes.add(.get, "/v1/academy/courses/:id/lessons/:lesson_id",
                   summary: "A lesson with its content, for enrolled learners who have paid (and the instructor)", tag: tag,
                   replies: [.init(200, "lesson, is_completed, progress"), .init(402, "paid course without a purchase or subscription"),
                             .init(403, "not enrolled"), .init(404, "no such lesson")],
                   authenticated: true,
                   handler: access.protected { _, context, principal in
                       let courseID = try context.uuidParameter(notFound: "course")
                       let lessonID = try context.uuidParameter("lesson_id", notFound: "lesson")
                       let course = try await gate.visible(courseID, to: principal)
                       guard let lesson = try await deps.content.lesson(id: lessonID, courseID: course.id) else { throw APIError.notFound("lesson") }
                       if !gate.isManager(principal, of: course) {
                           try await requireLessonAccess(deps, userID: principal.userID, courseID: course.id)
                           try await deps.enrollments.touch(userID: principal.userID, courseID: course.id, lessonID: lesson.id)
                       }
                       let progress = try await deps.enrollments.lessonProgress(userID: principal.userID, lessonID: lesson.id)
                       return SuccessEnvelope(LessonReply(lesson: lesson, isCompleted: progress?.status == .completed, progress: progress))
                   })

        routes.add(.post, "/v1/academy/courses/:id/modules/:module_id/lessons", summary: "Add a lesson to a module (owner or admin)", tag: tag,
                   requestBody: lessonSchema(required: ["title", "type", "order"]),
                   replies: [.init(201, "the lesson"), .init(400, "invalid fields"), .init(403, "not the owner"), .init(404, "no such course or module")],
                   authenticated: true,
                   handler: access.protected { request, context, principal in
                       let (course, module) = try await managedModule(deps, context, principal)
                       let fields = try await JSONBody.decode(LessonFields.self, from: request, limit: context.maxBodyBytes).validated(creating: true)
                       let lesson = try await deps.content.addLesson(id: UUIDv7.make(), courseID: course.id, moduleID: module.id, fields)
                       return SuccessEnvelope(["lesson": lesson], status: .created)
                   })

        routes.add(.patch, "/v1/academy/courses/:id/modules/:module_id/lessons/:lesson_id", summary: "Change a lesson (owner or admin)",
                   tag: tag, requestBody: lessonSchema(required: []),
                   replies: [.init(200, "the lesson"), .init(400, "invalid fields"), .init(403, "not the owner"), .init(404, "no such lesson")],
                   authenticated: true,
                   handler: access.protected { request, context, principal in
                       let (course, module) = try await managedModule(deps, context, principal)
                       let lessonID = try context.uuidParameter("lesson_id", notFound: "lesson")
                       guard let current = try await deps.content.lesson(id: lessonID, courseID: course.id), current.moduleID == module.id else {
                           throw APIError.notFound("lesson")
                       }
                       let fields = try await JSONBody.decode(LessonFields.self, from: request, limit: context.maxBodyBytes)
                           .validated(creating: false, current: current)
                       guard let lesson = try await deps.content.updateLesson(id: lessonID, courseID: course.id, moduleID: module.id, fields) else {
                           throw APIError.notFound("lesson")
                       }
                       return SuccessEnvelope(["lesson": lesson])
                   })
    }

    /// 403 when the learner is not enrolled, 402 when the course is paid and they hold neither
    /// a purchase nor a subscription that covers it.
    static func requireLessonAccess(_ deps: AcademyDependencies, userID: UUID, courseID: UUID) async throws {
        guard let facts = try await LearnerFacts.load(userID: userID, courseID: courseID, on: deps.courses.postgres) else {
            throw APIError.notFound("course")
        }
        guard facts.enrollment != nil else {
            throw APIError(status: .forbidden, code: "not_enrolled", message: "enrol in the course to open its lessons")
        }
        guard facts.hasPaid else {
            throw APIError(status: .paymentRequired, code: "payment_required", message: "this course must be purchased to open its lessons")
        }
    }

    private static func managedModule(_ deps: AcademyDependencies, _ context: RelaisRequestContext,
                                      _ principal: Principal) async throws -> (Course, CourseModule) {
        let course = try await deps.gate.managed(try context.uuidParameter(notFound: "course"), by: principal)
        guard let module = try await deps.content.module(id: try context.uuidParameter("module_id", notFound: "module"), courseID: course.id) else {
            throw APIError.notFound("module")
        }
        return (course, module)
    }

    struct LessonReply: Encodable, Sendable {
        let lesson: Lesson
        let isCompleted: Bool
        let progress: LessonProgress?
    }

    static func lessonSchema(required: [String]) -> JSONValue {
        JSONSchema.object([
            ("title", JSONSchema.string()), ("description", JSONSchema.string()),
            ("type", JSONSchema.string(enumValues: LessonType.allCases.map(\.rawValue))), ("order", JSONSchema.integer),
            ("video", JSONSchema.object([("url", JSONSchema.string(format: "uri")), ("duration_seconds", JSONSchema.integer),
                                         ("transcript", JSONSchema.string()), ("thumbnail_url", JSONSchema.string(format: "uri"))])),
            ("content", JSONSchema.string(description: "HTML rich text")),
        ], required: required)
    }
}
