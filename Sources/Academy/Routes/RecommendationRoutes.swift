import Foundation
import Hummingbird
import Identity
import Ingress
import Pipeline

/// `POST /ai/recommendations`: 3–5 courses with a reason each, served from what the learning
/// worker stored. Before the worker has run for a learner, the popular courses of their
/// language and domains are served and a refresh is queued.
enum RecommendationRoutes {
    static let tag = "academy"
    static let coldStartCount = 5
    static let minimumCount = 3

    static func add(to routes: APIRoutes, _ deps: AcademyDependencies) {
        routes.add(.post, "/v1/academy/ai/recommendations", summary: "Course recommendations for a learner (myself, or anyone for an admin)",
                   tag: tag, requestBody: JSONSchema.object([("user_id", JSONSchema.uuid)]),
                   replies: [.init(200, "recommendations with their reason"), .init(403, "another user's, not an admin"),
                             .init(404, "no such user")],
                   authenticated: true,
                   handler: deps.access.protected { request, context, principal in
                       let input = try await JSONBody.decode(RecommendationRequest.self, from: request, limit: context.maxBodyBytes)
                       let userID = input.userID ?? principal.userID
                       guard userID == principal.userID || principal.has(.admin) else { throw APIError.forbidden }
                       var stored = try await deps.recommendations.stored(userID: userID)
                       if !stored.isEmpty {
                           // Courses enrolled in since the last refresh are left out; until the
                           // worker's next list, popular ones keep the answer at 3 or more.
                           if stored.count < minimumCount {
                               let known = Set(stored.map(\.course.id))
                               let popular = try await deps.recommendations.coldStart(userID: userID, limit: coldStartCount)
                               stored += popular.filter { !known.contains($0.course.id) }.prefix(minimumCount - stored.count)
                           }
                           return SuccessEnvelope(RecommendationReply(recommendations: stored, source: "stored"))
                       }
                       guard try await deps.recommendations.userExists(userID) else { throw APIError.notFound("user") }
                       try await deps.recommendations.requestRefresh(userID: userID, actor: principal.actor)
                       let popular = try await deps.recommendations.coldStart(userID: userID, limit: coldStartCount)
                       return SuccessEnvelope(RecommendationReply(recommendations: popular, source: "cold_start"))
                   })
    }

    struct RecommendationRequest: Decodable {
        var userID: UUID?
    }

    struct RecommendationReply: Encodable, Sendable {
        let recommendations: [CourseRecommendation]
        /// `stored` (computed by the learning worker) or `cold_start` (popular courses while the
        /// first computation is queued).
        let source: String
    }
}
