import Foundation
import Hummingbird
import Identity
import Ingress

/// Reviews: enrolled learners rate a course 1–5 with a comment, once (a second POST updates).
enum ReviewRoutes {
    static let tag = "academy"

    static func add(to routes: APIRoutes, _ deps: AcademyDependencies) {
        let access = deps.access
        let gate = deps.gate

        routes.add(.post, "/v1/academy/courses/:id/reviews", summary: "Rate a course I am enrolled in (again = update my review)", tag: tag,
                   requestBody: JSONSchema.object([("rating", JSONSchema.integer), ("comment", JSONSchema.string())], required: ["rating"]),
                   replies: [.init(201, "review created"), .init(200, "review updated"), .init(400, "invalid fields"),
                             .init(403, "not enrolled"), .init(404, "no such course")],
                   authenticated: true,
                   handler: access.protected { request, context, principal in
                       let course = try await gate.visible(try context.uuidParameter(notFound: "course"), to: principal)
                       let input = try await JSONBody.decode(ReviewInput.self, from: request, limit: context.maxBodyBytes)
                       var issues = FieldIssues()
                       issues.require(input.rating.map { (1...5).contains($0) } ?? false, "rating", "must be an integer from 1 to 5")
                       let comment = issues.text(input.comment ?? "", "comment", 0...2_000) ?? ""
                       try issues.throwIfAny()
                       switch try await deps.reviews.save(userID: principal.userID, courseID: course.id, rating: input.rating ?? 1,
                                                          comment: comment, actor: principal.actor) {
                       case let .saved(review, created):
                           return SuccessEnvelope(["review": review], status: created ? .created : .ok)
                       case .notEnrolled:
                           throw APIError(status: .forbidden, code: "not_enrolled", message: "only enrolled learners can review a course")
                       }
                   })

        routes.add(.get, "/v1/academy/courses/:id/reviews", summary: "A course's reviews, newest first", tag: tag,
                   replies: [.init(200, "reviews"), .init(400, "invalid page or limit"), .init(404, "no such course")], authenticated: false,
                   handler: access.optional { request, context, principal in
                       let course = try await gate.visible(try context.uuidParameter(notFound: "course"), to: principal)
                       let query = request.uri.queryParameters
                       var issues = FieldIssues()
                       let page = issues.integer(query.get("page"), "page", in: 1...100_000, fallback: 1)
                       let limit = issues.integer(query.get("limit"), "limit", in: 1...100, fallback: 20)
                       try issues.throwIfAny()
                       let reviews = try await deps.reviews.reviews(courseID: course.id, page: page, limit: limit)
                       return SuccessEnvelope(ReviewsReply(reviews: reviews, averageRating: course.averageRating, reviewsCount: course.reviewsCount))
                   })
    }

    struct ReviewInput: Decodable {
        var rating: Int?
        var comment: String?
    }

    struct ReviewsReply: Encodable, Sendable {
        let reviews: [Review]
        let averageRating: Double
        let reviewsCount: Int
    }
}
