import Foundation
import Hummingbird
import Identity
import Ingress
import Pipeline

/// `/courses/:id/faq`: the entries the FAQ chat answers from. Anyone who can see the course
/// reads them; its instructor and admins manage them.
enum FAQRoutes {
    static let tag = "academy"

    static func add(to routes: APIRoutes, _ deps: AcademyDependencies) {
        let access = deps.access
        let gate = deps.gate
        let schema = JSONSchema.object([("question", JSONSchema.string()), ("answer", JSONSchema.string())], required: ["question", "answer"])

        routes.add(.get, "/v1/academy/courses/:id/faq", summary: "A course's FAQ entries", tag: tag,
                   replies: [.init(200, "entries"), .init(404, "no such course")], authenticated: false,
                   handler: access.optional { _, context, principal in
                       let course = try await gate.visible(try context.uuidParameter(notFound: "course"), to: principal)
                       return SuccessEnvelope(["faq": try await deps.faq.entries(courseID: course.id)])
                   })

        routes.add(.post, "/v1/academy/courses/:id/faq", summary: "Add a FAQ entry (owner or admin)", tag: tag, requestBody: schema,
                   replies: [.init(201, "the entry"), .init(400, "invalid fields"), .init(403, "not the owner"), .init(404, "no such course")],
                   authenticated: true,
                   handler: access.protected { request, context, principal in
                       let course = try await gate.managed(try context.uuidParameter(notFound: "course"), by: principal)
                       let input = try await JSONBody.decode(FAQInput.self, from: request, limit: context.maxBodyBytes)
                       let (question, answer) = try input.validated(creating: true)
                       let entry = try await deps.faq.add(id: UUIDv7.make(), courseID: course.id, question: question ?? "", answer: answer ?? "")
                       return SuccessEnvelope(["entry": entry], status: .created)
                   })

        routes.add(.patch, "/v1/academy/courses/:id/faq/:faq_id", summary: "Change a FAQ entry (owner or admin)", tag: tag,
                   requestBody: schema,
                   replies: [.init(200, "the entry"), .init(400, "invalid fields"), .init(403, "not the owner"), .init(404, "no such entry")],
                   authenticated: true,
                   handler: access.protected { request, context, principal in
                       let course = try await gate.managed(try context.uuidParameter(notFound: "course"), by: principal)
                       let id = try context.uuidParameter("faq_id", notFound: "FAQ entry")
                       let (question, answer) = try await JSONBody.decode(FAQInput.self, from: request, limit: context.maxBodyBytes)
                           .validated(creating: false)
                       guard let entry = try await deps.faq.update(id: id, courseID: course.id, question: question, answer: answer) else {
                           throw APIError.notFound("FAQ entry")
                       }
                       return SuccessEnvelope(["entry": entry])
                   })

        routes.add(.delete, "/v1/academy/courses/:id/faq/:faq_id", summary: "Delete a FAQ entry (owner or admin)", tag: tag,
                   replies: [.init(200, "deleted"), .init(403, "not the owner"), .init(404, "no such entry")], authenticated: true,
                   handler: access.protected { _, context, principal in
                       let course = try await gate.managed(try context.uuidParameter(notFound: "course"), by: principal)
                       guard try await deps.faq.delete(id: try context.uuidParameter("faq_id", notFound: "FAQ entry"), courseID: course.id) else {
                           throw APIError.notFound("FAQ entry")
                       }
                       return SuccessEnvelope(["deleted": true])
                   })
    }

    struct FAQInput: Decodable {
        var question: String?
        var answer: String?

        func validated(creating: Bool) throws -> (question: String?, answer: String?) {
            var issues = FieldIssues()
            if creating {
                issues.require(question != nil, "question", "is required")
                issues.require(answer != nil, "answer", "is required")
            }
            let question = issues.text(question, "question", 3...500)
            let answer = issues.text(answer, "answer", 1...5_000)
            try issues.throwIfAny()
            return (question, answer)
        }
    }
}
