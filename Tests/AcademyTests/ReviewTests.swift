import Foundation
import HummingbirdTesting
import Testing
import TestSupport

/// Reviews: enrolled learners only, one per learner (a second POST updates it), and the course's
/// average rating and review count kept beside them.
@Suite("Academy reviews")
struct ReviewTests {
    typealias H = AcademyHarness

    static func course(_ harness: H, _ client: any TestClientProtocol, _ id: String) async throws -> [String: Any] {
        H.data(try await harness.call(client, .get, "/v1/academy/courses/\(id)").body)["course"] as? [String: Any] ?? [:]
    }

    @Test("first review 201, second 200 and replaces it; the course's average and count follow (4 and 5 → 4.5, 2; then 2 and 5 → 3.5)")
    func ratingsAreMaintained() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let ana = try await harness.user(client)
            let bruno = try await harness.user(client)
            let course = try await harness.publishedCourse(client, token: owner.token)
            for learner in [ana, bruno] {
                #expect(try await harness.call(client, .post, "/v1/academy/courses/\(course.id)/enroll", token: learner.token).status == 201)
            }
            let path = "/v1/academy/courses/\(course.id)/reviews"

            let first = try await harness.call(client, .post, path, token: ana.token, json: ["rating": 4, "comment": "  Très clair  "])
            #expect(first.status == 201)
            let review = try #require(H.data(first.body)["review"] as? [String: Any])
            #expect(review["rating"] as? Int == 4)
            #expect(review["comment"] as? String == "Très clair")
            #expect(review["user_id"] as? String == ana.id.uuidString)
            #expect(try await harness.call(client, .post, path, token: bruno.token, json: ["rating": 5]).status == 201)
            var rated = try await Self.course(harness, client, course.id)
            #expect(H.number(rated["average_rating"]) == 4.5)
            #expect(rated["reviews_count"] as? Int == 2)

            let updated = try await harness.call(client, .post, path, token: ana.token, json: ["rating": 2, "comment": "Finalement trop court"])
            #expect(updated.status == 200)
            #expect((H.data(updated.body)["review"] as? [String: Any])?["rating"] as? Int == 2)
            rated = try await Self.course(harness, client, course.id)
            #expect(H.number(rated["average_rating"]) == 3.5)
            #expect(rated["reviews_count"] as? Int == 2, "an update is not a second review")

            let listed = try await harness.call(client, .get, path)
            #expect(listed.status == 200)
            let reviews = H.data(listed.body)["reviews"] as? [[String: Any]] ?? []
            #expect(reviews.compactMap { $0["user_id"] as? String } == [ana.id, bruno.id].map { $0.uuidString }, "newest first")
            #expect(reviews.first?["comment"] as? String == "Finalement trop court")
            #expect(H.number(H.data(listed.body)["average_rating"]) == 3.5)
            #expect(H.data(listed.body)["reviews_count"] as? Int == 2)
            let paged = try await harness.call(client, .get, "\(path)?limit=1&page=2")
            #expect((H.data(paged.body)["reviews"] as? [[String: Any]])?.compactMap { $0["user_id"] as? String } == [bruno.id.uuidString])

            #expect(try await harness.queuedRecommendations(for: ana.id, cause: "reviewed") == 1, "only the first review is announced")
        }
    }

    @Test("only enrolled learners review (403 not_enrolled, even the instructor); anonymous 401; rating 1–5 and comment length are checked")
    func reviewRules() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let learner = try await harness.user(client)
            let stranger = try await harness.user(client)
            let course = try await harness.publishedCourse(client, token: owner.token)
            #expect(try await harness.call(client, .post, "/v1/academy/courses/\(course.id)/enroll", token: learner.token).status == 201)
            let path = "/v1/academy/courses/\(course.id)/reviews"

            for token in [stranger.token, owner.token] {
                let refused = try await harness.call(client, .post, path, token: token, json: ["rating": 5])
                #expect(refused.status == 403)
                #expect(H.errorCode(refused.body) == "not_enrolled")
            }
            #expect(try await harness.call(client, .post, path, json: ["rating": 5]).status == 401)
            let cases: [([String: Any], [String])] = [
                ([:], ["rating"]), (["rating": 0], ["rating"]), (["rating": 6], ["rating"]), (["rating": "cinq"], ["rating"]),
                (["rating": 3, "comment": String(repeating: "x", count: 2_001)], ["comment"]),
            ]
            for (json, fields) in cases {
                let reply = try await harness.call(client, .post, path, token: learner.token, json: json)
                #expect(reply.status == 400, "\(json)")
                #expect(H.fieldIssues(reply.body) == fields, "\(json)")
            }
            let stats = try await Self.course(harness, client, course.id)
            #expect(stats["reviews_count"] as? Int == 0, "refused reviews are not counted")
            #expect(H.number(stats["average_rating"]) == 0)
        }
    }

    @Test("reviews of a draft are 404 to others; an unknown course 404; bad page or limit 400")
    func reviewVisibility() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let learner = try await harness.user(client)
            let draft = try #require(try await harness.draft(client, token: owner.token)["id"] as? String)
            #expect(try await harness.call(client, .get, "/v1/academy/courses/\(draft)/reviews").status == 404)
            #expect(try await harness.call(client, .post, "/v1/academy/courses/\(draft)/reviews", token: learner.token,
                                           json: ["rating": 5]).status == 404)
            let own = try await harness.call(client, .get, "/v1/academy/courses/\(draft)/reviews", token: owner.token)
            #expect(own.status == 200)
            #expect((H.data(own.body)["reviews"] as? [Any])?.isEmpty == true)
            #expect(try await harness.call(client, .get, "/v1/academy/courses/\(UUID().uuidString)/reviews").status == 404)

            let course = try await harness.publishedCourse(client, token: owner.token)
            for (query, field) in [("page=0", "page"), ("limit=0", "limit"), ("limit=101", "limit"), ("page=x", "page")] {
                let reply = try await harness.call(client, .get, "/v1/academy/courses/\(course.id)/reviews?\(query)")
                #expect(reply.status == 400, "\(query)")
                #expect(H.fieldIssues(reply.body) == [field], "\(query)")
            }
        }
    }
}
