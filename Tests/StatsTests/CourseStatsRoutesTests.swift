import Foundation
import HummingbirdTesting
import Platform
import Stats
import Testing
import TestSupport

extension StatsViewSuites {
    /// `GET /v1/academy/courses/:id/stats`: the course's instructor and admins only.
    @Suite("Course statistics route")
    struct CourseStatsRoutesTests {
        typealias H = StatsHarness

        @Test("owner and admin read the view's figures with refreshed_at; another instructor and a learner get 403; an unknown course 404")
        func access() async throws {
            try await H.run { harness, client in
                let owner = try await harness.user(client, roles: [.academyInstructor])
                let otherInstructor = try await harness.user(client, roles: [.academyInstructor])
                let learner = try await harness.user(client, roles: [.academyLearner])
                let admin = try await harness.user(client, roles: [.admin])
                let course = try await harness.seeds.course(instructor: owner.id)
                for (index, rating) in [5, 4].enumerated() {
                    let enrolled = try await harness.seeds.user()
                    try await harness.seeds.enroll(enrolled, in: course, completed: index == 0)
                    try await harness.seeds.review(enrolled, of: course, rating: rating)
                }
                try await harness.refresh(.academyCourseStats)
                let refreshed = try #require(try await ViewRefreshStore(postgres: harness.postgres).lastRefresh(of: .academyCourseStats))
                let path = "/v1/academy/courses/\(course.uuidString.lowercased())/stats"

                for token in [owner.token, admin.token] {
                    let reply = try await harness.get(client, path, token: token)
                    #expect(reply.status == 200)
                    let stats = try #require(H.data(reply.body)["stats"] as? [String: Any])
                    #expect(stats["course_id"] as? String == course.uuidString)
                    #expect(stats["enrollments"] as? Int == 2)
                    #expect(stats["completions"] as? Int == 1)
                    #expect(H.number(stats["completion_rate"]) == 0.5)
                    #expect(H.number(stats["average_rating"]) == 4.5)
                    #expect(stats["reviews_count"] as? Int == 2)
                    let refreshedAt = try #require((stats["refreshed_at"] as? String).flatMap(RFC3339.parse))
                    #expect(abs(refreshedAt.timeIntervalSince(refreshed.lastStartedAt)) < 0.002)
                }
                for token in [otherInstructor.token, learner.token] {
                    #expect(try await harness.get(client, path, token: token).status == 403)
                }
                #expect(try await harness.get(client, "/v1/academy/courses/\(UUID().uuidString)/stats", token: owner.token).status == 404)
                #expect(try await harness.get(client, "/v1/academy/courses/\(UUID().uuidString)/stats", token: admin.token).status == 404)
                #expect(try await harness.get(client, "/v1/academy/courses/not-a-uuid/stats", token: admin.token).status == 404)
                #expect(try await client.execute(uri: path, method: .get) { $0.status.code } == 401)
            }
        }

        @Test("a course newer than the last refresh reads zeros and a null rating, not an error")
        func newCourseReadsZeros() async throws {
            try await H.run { harness, client in
                let owner = try await harness.user(client, roles: [.academyInstructor])
                let course = try await harness.seeds.course(instructor: owner.id)
                let reply = try await harness.get(client, "/v1/academy/courses/\(course.uuidString)/stats", token: owner.token)
                #expect(reply.status == 200)
                let stats = try #require(H.data(reply.body)["stats"] as? [String: Any])
                #expect(stats["enrollments"] as? Int == 0)
                #expect(stats["completion_rate"] as? Double == 0)
                #expect(stats["average_rating"] is NSNull)
                #expect(stats["refreshed_at"] is String)
            }
        }
    }
}
