import Foundation
import Hummingbird
import Identity
import Ingress
import Pipeline

/// `/v1/academy/courses`: the catalogue (public) and the instructor's course management.
enum CourseRoutes {
    static let tag = "academy"

    static func add(to routes: APIRoutes, _ deps: AcademyDependencies) {
        let access = deps.access
        let gate = deps.gate

        routes.add(.get, "/v1/academy/courses", summary: "The published catalogue: filters, full-text search (French and English), sorting, pages",
                   tag: tag, replies: [.init(200, "one page with its pagination"), .init(400, "invalid query parameter, named")],
                   authenticated: false,
                   handler: access.optional { request, _, _ in
                       SuccessEnvelope(try await deps.courses.page(try CatalogueQuery(request)))
                   })

        routes.add(.get, "/v1/academy/courses/:id", summary: "A course with its modules and their lessons (no lesson content)", tag: tag,
                   replies: [.init(200, "the course"), .init(404, "no such course, or a draft of someone else")], authenticated: false,
                   handler: access.optional { _, context, principal in
                       var detail = CourseDetail(course: try await gate.visible(try context.uuidParameter(notFound: "course"), to: principal))
                       detail.modules = try await deps.content.outline(courseID: detail.course.id)
                       return SuccessEnvelope(["course": detail])
                   })

        routes.add(.post, "/v1/academy/courses", summary: "Create a course (a draft) as its instructor", tag: tag,
                   requestBody: courseSchema(required: ["title", "description", "domain"]),
                   replies: [.init(201, "the draft"), .init(400, "invalid fields, named"), .init(403, "not an instructor")],
                   authenticated: true,
                   handler: access.protected(roles: [.academyInstructor, .admin]) { request, context, principal in
                       let fields = try await JSONBody.decode(CourseFields.self, from: request, limit: context.maxBodyBytes).validated(creating: true)
                       let course = try await deps.courses.create(id: UUIDv7.make(), instructorID: principal.userID, fields)
                       return SuccessEnvelope(["course": course], status: .created)
                   })

        routes.add(.get, "/v1/academy/instructor/courses", summary: "My courses as an instructor, every status", tag: tag,
                   replies: [.init(200, "courses"), .init(403, "not an instructor")], authenticated: true,
                   handler: access.protected(roles: [.academyInstructor, .admin]) { _, _, principal in
                       SuccessEnvelope(["courses": try await deps.courses.courses(instructorID: principal.userID)])
                   })

        routes.add(.patch, "/v1/academy/courses/:id", summary: "Change a course (owner or admin)", tag: tag,
                   requestBody: courseSchema(required: []),
                   replies: [.init(200, "the course"), .init(400, "invalid fields"), .init(403, "not the owner"), .init(404, "no such course")],
                   authenticated: true,
                   handler: access.protected { request, context, principal in
                       let course = try await gate.managed(try context.uuidParameter(notFound: "course"), by: principal)
                       let fields = try await JSONBody.decode(CourseFields.self, from: request, limit: context.maxBodyBytes).validated(creating: false)
                       guard let updated = try await deps.courses.update(id: course.id, fields) else { throw APIError.notFound("course") }
                       return SuccessEnvelope(["course": updated])
                   })

        routes.add(.post, "/v1/academy/courses/:id/publish", summary: "Publish a course that has a module with a lesson (owner or admin)",
                   tag: tag,
                   replies: [.init(200, "the published course"), .init(400, "no module with a lesson yet, or archived"),
                             .init(403, "not the owner"), .init(404, "no such course")],
                   authenticated: true,
                   handler: access.protected { _, context, principal in
                       let course = try await gate.managed(try context.uuidParameter(notFound: "course"), by: principal)
                       guard course.status != .archived else {
                           throw APIError(status: .badRequest, code: "course_archived", message: "an archived course cannot be published again")
                       }
                       guard let published = try await deps.courses.publish(id: course.id) else {
                           throw APIError(status: .badRequest, code: "course_empty",
                                          message: "a course needs at least one module with at least one lesson to be published")
                       }
                       return SuccessEnvelope(["course": published])
                   })

        routes.add(.delete, "/v1/academy/courses/:id", summary: "Delete a course: it is archived, enrolled learners keep it (owner or admin)",
                   tag: tag, replies: [.init(200, "archived"), .init(403, "not the owner"), .init(404, "no such course")],
                   authenticated: true,
                   handler: access.protected { _, context, principal in
                       let course = try await gate.managed(try context.uuidParameter(notFound: "course"), by: principal)
                       try await deps.courses.archive(id: course.id)
                       return SuccessEnvelope(Deleted(message: "Course deleted", status: CourseStatus.archived.rawValue))
                   })
    }

    struct Deleted: Encodable, Sendable {
        let message: String
        let status: String
    }

    /// A course with its outline, the shape of `GET /courses/:id`.
    struct CourseDetail: Encodable, Sendable {
        var course: Course
        var modules: [CourseModule] = []

        func encode(to encoder: any Encoder) throws {
            try course.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(modules, forKey: .modules)
        }

        private enum Keys: String, CodingKey { case modules }
    }

    static func courseSchema(required: [String]) -> JSONValue {
        JSONSchema.object([
            ("title", JSONSchema.string(description: "5 to 200 characters")), ("description", JSONSchema.string()),
            ("short_description", JSONSchema.string(description: "at most 500 characters")),
            ("domain", JSONSchema.string(enumValues: CourseDomain.allCases.map(\.rawValue))),
            ("stack", JSONSchema.array(JSONSchema.string())), ("keywords", JSONSchema.array(JSONSchema.string())),
            ("price", JSONSchema.object([("amount", JSONSchema.integer), ("currency", JSONSchema.string()),
                                         ("pricing_model", JSONSchema.string(enumValues: PricingModel.allCases.map(\.rawValue)))])),
            ("pricing_model", JSONSchema.string(enumValues: PricingModel.allCases.map(\.rawValue))),
            ("language", JSONSchema.string(enumValues: CourseLanguage.allCases.map(\.rawValue))),
            ("category", JSONSchema.string()), ("image_url", JSONSchema.string(format: "uri")),
        ], required: required)
    }
}
