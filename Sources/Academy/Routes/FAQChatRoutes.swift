import Foundation
import Hummingbird
import Identity
import Ingress
import Learning

/// `POST /ai/chat`: answers a learner's question from the course's FAQ entries and, for those
/// who may open the lessons, from the lesson text (BM25 retrieval), with the source; or says
/// honestly that nothing matches. Lesson passages are never quoted to someone who has not
/// paid for them.
enum FAQChatRoutes {
    static let tag = "academy"

    static func add(to routes: APIRoutes, _ deps: AcademyDependencies) {
        routes.add(.post, "/v1/academy/ai/chat", summary: "Ask the course's FAQ assistant (FAQ entries and lesson text)", tag: tag,
                   requestBody: JSONSchema.object([("message", JSONSchema.string()), ("course_id", JSONSchema.uuid),
                                                   ("lesson_id", JSONSchema.uuid)], required: ["message", "course_id"]),
                   replies: [.init(200, "reply, found, source"), .init(400, "invalid fields"), .init(404, "no such course or lesson")],
                   authenticated: true,
                   handler: deps.access.protected { request, context, principal in
                       let input = try await JSONBody.decode(ChatRequest.self, from: request, limit: context.maxBodyBytes)
                       var issues = FieldIssues()
                       issues.require(input.courseID != nil, "course_id", "is required")
                       let message = issues.text(input.message, "message", 1...1_000)
                       issues.require(message != nil, "message", "is required")
                       try issues.throwIfAny()
                       let course = try await deps.gate.visible(input.courseID ?? UUID(), to: principal)
                       return SuccessEnvelope(try await reply(to: message ?? "", course: course, lessonID: input.lessonID, principal: principal, deps))
                   })
    }

    static func reply(to message: String, course: Course, lessonID: UUID?, principal: Principal,
                      _ deps: AcademyDependencies) async throws -> ChatReply {
        var texts = try await deps.content.studyTexts(courseID: course.id)
        if let lessonID {
            guard texts.contains(where: { $0.lessonID == lessonID }) else { throw APIError.notFound("lesson") }
            texts = texts.filter { $0.lessonID == lessonID }
        }
        if !deps.gate.isManager(principal, of: course) {
            let facts = try await LearnerFacts.load(userID: principal.userID, courseID: course.id, on: deps.courses.postgres)
            if !(facts.map { $0.enrollment != nil && $0.hasPaid } ?? false) { texts = [] }
        }
        let splitter = PassageSplitter()
        let passages = texts.flatMap { splitter.passages(fromLesson: PlainText.fromHTML($0.text), lessonID: $0.lessonID.uuidString.lowercased()) }
        let entries = try await deps.faq.entries(courseID: course.id).map {
            Learning.FAQEntry(id: $0.id.uuidString.lowercased(), question: $0.question, answer: $0.answer)
        }
        let language: TextLanguage = course.language == .french ? .french : .english
        switch FAQAnswerer(entries: entries, lessonPassages: passages, language: language).answer(message) {
        case let .found(text, source, score):
            switch source {
            case let .faq(entryID):
                return ChatReply(reply: text, found: true, score: score, source: .init(type: "faq", id: entryID, title: nil))
            case let .lesson(lessonID, _):
                let title = texts.first { $0.lessonID.uuidString.lowercased() == lessonID }?.title
                return ChatReply(reply: text, found: true, score: score, source: .init(type: "lesson", id: lessonID, title: title))
            }
        case .notFound:
            let reply = course.language == .french
                ? "Je n'ai pas trouvé de réponse à cette question dans la FAQ ni dans les leçons de ce cours."
                : "I could not find an answer to this question in this course's FAQ or lessons."
            return ChatReply(reply: reply, found: false, score: nil, source: nil)
        }
    }

    struct ChatRequest: Decodable {
        var message: String?
        var courseID: UUID?
        var lessonID: UUID?
    }

    struct ChatReply: Encodable, Sendable {
        struct Source: Encodable, Sendable {
            /// `faq` or `lesson`.
            let type: String
            let id: String
            let title: String?
        }

        let reply: String
        let found: Bool
        let score: Double?
        let source: Source?
    }
}
