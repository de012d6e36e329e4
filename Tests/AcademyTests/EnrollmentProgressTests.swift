import Foundation
import HummingbirdTesting
import Testing
import TestSupport

/// Enrolment (with its outbox follow-ups) and lesson progress up to completion.
@Suite("Academy enrolment and progress")
struct EnrollmentProgressTests {
    typealias H = AcademyHarness

    static func enrollment(_ reply: H.Reply) -> [String: Any] { H.data(reply.body)["enrollment"] as? [String: Any] ?? [:] }

    static func enrollmentsCount(_ harness: H, _ client: any TestClientProtocol, _ course: String) async throws -> Int? {
        let reply = try await harness.call(client, .get, "/v1/academy/courses/\(course)")
        return (H.data(reply.body)["course"] as? [String: Any])?["enrollments_count"] as? Int
    }

    @Test("enrol in a free course: 201 active at 0 %, the course counts it, once; the learning and stats commands are queued once")
    func enrollFree() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let learner = try await harness.user(client)
            let course = try await harness.publishedCourse(client, token: owner.token)
            let path = "/v1/academy/courses/\(course.id)/enroll"
            #expect(try await harness.call(client, .post, path).status == 401)

            let created = try await harness.call(client, .post, path, token: learner.token)
            #expect(created.status == 201)
            let enrollment = Self.enrollment(created)
            #expect(enrollment["status"] as? String == "active")
            #expect(enrollment["course_id"] as? String == course.id)
            #expect(enrollment["user_id"] as? String == learner.id.uuidString)
            #expect(H.number(enrollment["progress_percentage"]) == 0)
            #expect(enrollment["completed_lessons"] as? [String] == [])
            #expect(try await Self.enrollmentsCount(harness, client, course.id) == 1)

            let again = try await harness.call(client, .post, path, token: learner.token)
            #expect(again.status == 400)
            #expect(H.errorCode(again.body) == "already_enrolled")
            #expect(try await Self.enrollmentsCount(harness, client, course.id) == 1)

            #expect(try await harness.queuedRecommendations(for: learner.id, cause: "enrolled") == 1)
            #expect(try await harness.queuedStats(by: learner.id) == 1)
            let payload = try await harness.postgres.query("""
                SELECT topic, convert_from(payload, 'UTF8')::jsonb ->> 'course_id' AS course FROM pipeline.outbox
                WHERE command_type = 'RefreshRecommendations' AND message_key = \(learner.id.uuidString.lowercased())
                """).first
            #expect(try payload?.decode(String.self, column: "topic") == "learning.recommendations")
            #expect(try payload?.decode(String?.self, column: "course").flatMap(UUID.init(uuidString:)) == UUID(uuidString: course.id))
        }
    }

    @Test("enrol rules: paid without purchase 402 and nothing queued, with purchase 201; draft, archived, unknown 404; suspended 403")
    func enrollRules() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let learner = try await harness.user(client)
            let suspended = try await harness.user(client)
            let paid = try await harness.publishedCourse(client, token: owner.token, ["price": ["amount": 4900]])

            let refused = try await harness.call(client, .post, "/v1/academy/courses/\(paid.id)/enroll", token: learner.token)
            #expect(refused.status == 402)
            #expect(H.errorCode(refused.body) == "payment_required")
            #expect(try await harness.queuedRecommendations(for: learner.id, cause: "enrolled") == 0)
            #expect(try await Self.enrollmentsCount(harness, client, paid.id) == 0)
            try await harness.entitle(learner.id, to: paid.id)
            #expect(try await harness.call(client, .post, "/v1/academy/courses/\(paid.id)/enroll", token: learner.token).status == 201)
            #expect(try await Self.enrollmentsCount(harness, client, paid.id) == 1)

            let draft = try #require(try await harness.draft(client, token: owner.token)["id"] as? String)
            #expect(try await harness.call(client, .post, "/v1/academy/courses/\(draft)/enroll", token: learner.token).status == 404)
            #expect(try await harness.call(client, .post, "/v1/academy/courses/\(draft)/enroll", token: owner.token).status == 404,
                    "not even its instructor enrols in a draft")
            let archived = try await harness.publishedCourse(client, token: owner.token)
            _ = try await harness.call(client, .delete, "/v1/academy/courses/\(archived.id)", token: owner.token)
            #expect(try await harness.call(client, .post, "/v1/academy/courses/\(archived.id)/enroll", token: learner.token).status == 404)
            #expect(try await harness.call(client, .post, "/v1/academy/courses/\(UUID().uuidString)/enroll", token: learner.token).status == 404)

            let free = try await harness.publishedCourse(client, token: owner.token)
            try await harness.postgres.execute("UPDATE identity.users SET status = 'suspended' WHERE id = \(suspended.id)")
            let blocked = try await harness.call(client, .post, "/v1/academy/courses/\(free.id)/enroll", token: suspended.token)
            #expect(blocked.status == 403)
            #expect(H.errorCode(blocked.body) == "account_suspended")
            #expect(try await Self.enrollmentsCount(harness, client, free.id) == 0)
        }
    }

    @Test("enrollments lists only my own, filtered by status; an unknown status is 400; an archived course stays visible to its learners")
    func enrollmentsList() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let learner = try await harness.user(client)
            let other = try await harness.user(client)
            let first = try await harness.publishedCourse(client, token: owner.token)
            let second = try await harness.publishedCourse(client, token: owner.token)
            for course in [first.id, second.id] {
                #expect(try await harness.call(client, .post, "/v1/academy/courses/\(course)/enroll", token: learner.token).status == 201)
            }
            #expect(try await harness.call(client, .post, "/v1/academy/courses/\(first.id)/enroll", token: other.token).status == 201)
            _ = try await harness.call(client, .patch, "/v1/academy/courses/\(first.id)/lessons/\(first.lessons[0])/progress",
                                       token: learner.token, json: ["status": "completed"])

            func listed(_ query: String, _ token: String) async throws -> [String]? {
                let reply = try await harness.call(client, .get, "/v1/academy/enrollments\(query)", token: token)
                return (H.data(reply.body)["enrollments"] as? [[String: Any]])?.compactMap { $0["course_id"] as? String }
            }
            #expect(Set(try await listed("", learner.token) ?? []) == [first.id, second.id])
            #expect(try await listed("?status=completed", learner.token) == [first.id])
            #expect(try await listed("?status=active", learner.token) == [second.id])
            #expect(try await listed("?status=dropped", learner.token) == [])
            #expect(try await listed("", other.token) == [first.id])
            let invalid = try await harness.call(client, .get, "/v1/academy/enrollments?status=finished", token: learner.token)
            #expect(invalid.status == 400)
            #expect(H.fieldIssues(invalid.body) == ["status"])
            #expect(try await harness.call(client, .get, "/v1/academy/enrollments").status == 401)

            _ = try await harness.call(client, .delete, "/v1/academy/courses/\(second.id)", token: owner.token)
            #expect(try await harness.call(client, .get, "/v1/academy/courses/\(second.id)", token: learner.token).status == 200)
            #expect(try await harness.call(client, .get, "/v1/academy/courses/\(second.id)/progress", token: learner.token).status == 200)
            #expect(try await harness.call(client, .get, "/v1/academy/courses/\(second.id)", token: owner.token).status == 200)
            #expect(try await harness.call(client, .get, "/v1/academy/courses/\(second.id)", token: other.token).status == 404)
        }
    }

    @Test("progress: course progress is completed / total × 100; 100 % completes the enrolment and queues one completion, even when redone")
    func progressToCompletion() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let learner = try await harness.user(client)
            let course = try await harness.publishedCourse(client, token: owner.token, lessons: 3)
            #expect(try await harness.call(client, .post, "/v1/academy/courses/\(course.id)/enroll", token: learner.token).status == 201)
            func record(_ lesson: String, _ json: [String: Any]) async throws -> H.Reply {
                try await harness.call(client, .patch, "/v1/academy/courses/\(course.id)/lessons/\(lesson)/progress", token: learner.token, json: json)
            }
            let (l1, l2, l3) = (course.lessons[0], course.lessons[1], course.lessons[2])

            let one = try await record(l1, ["status": "completed", "time_spent_seconds": 120])
            #expect(one.status == 200)
            #expect(H.number(H.data(one.body)["course_progress"]) == 33.33)
            #expect((H.data(one.body)["progress"] as? [String: Any])?["time_spent_seconds"] as? Int == 120)
            #expect((H.data(one.body)["progress"] as? [String: Any])?["status"] as? String == "completed")
            #expect(Self.enrollment(one)["completed_lessons"] as? [String] == [l1])
            #expect(Self.enrollment(one)["status"] as? String == "active")

            let started = try await record(l2, ["status": "in_progress", "quiz_score": 80])
            #expect(H.number(H.data(started.body)["course_progress"]) == 33.33, "in progress is not completed")
            let lower = try await record(l2, ["status": "completed", "quiz_score": 60])
            #expect(H.number((H.data(lower.body)["progress"] as? [String: Any])?["quiz_score"]) == 80, "the best score is kept")
            #expect(H.number(H.data(lower.body)["course_progress"]) == 66.67)
            #expect(Self.enrollment(lower)["completed_at"] == nil || Self.enrollment(lower)["completed_at"] is NSNull)
            #expect(try await harness.queuedRecommendations(for: learner.id, cause: "completed") == 0)

            let done = try await record(l3, ["status": "completed"])
            #expect(H.number(H.data(done.body)["course_progress"]) == 100)
            #expect(Self.enrollment(done)["status"] as? String == "completed")
            let completedAt = try #require(Self.enrollment(done)["completed_at"] as? String)
            #expect(Set(Self.enrollment(done)["completed_lessons"] as? [String] ?? []) == [l1, l2, l3])
            #expect(try await harness.queuedRecommendations(for: learner.id, cause: "completed") == 1)
            #expect(try await harness.queuedStats(by: learner.id) == 2, "one for the enrolment, one for the completion")

            let again = try await record(l3, ["status": "completed"])
            #expect(again.status == 200)
            let reopened = try await record(l3, ["status": "in_progress"])
            #expect(H.number(H.data(reopened.body)["course_progress"]) == 66.67)
            #expect(Self.enrollment(reopened)["status"] as? String == "active")
            let redone = try await record(l3, ["status": "completed"])
            #expect(Self.enrollment(redone)["status"] as? String == "completed")
            #expect(Self.enrollment(redone)["completed_at"] as? String == completedAt, "the first completion date stays")
            #expect(try await harness.queuedRecommendations(for: learner.id, cause: "completed") == 1, "completion is announced once")

            let progress = try await harness.call(client, .get, "/v1/academy/courses/\(course.id)/progress", token: learner.token)
            #expect(progress.status == 200)
            #expect(H.number((H.data(progress.body)["enrollment"] as? [String: Any])?["progress_percentage"]) == 100)
            let lessons = H.data(progress.body)["lessons_progress"] as? [[String: Any]] ?? []
            #expect(Set(lessons.compactMap { $0["lesson_id"] as? String }) == [l1, l2, l3])
            #expect(lessons.allSatisfy { $0["status"] as? String == "completed" })
            let opened = try await harness.call(client, .get, "/v1/academy/courses/\(course.id)/lessons/\(l2)", token: learner.token)
            #expect(H.data(opened.body)["is_completed"] as? Bool == true)
            #expect(H.number((H.data(opened.body)["progress"] as? [String: Any])?["quiz_score"]) == 80)
        }
    }

    @Test("progress is refused when not enrolled (403), for a lesson of another course (404), and names invalid fields (400)")
    func progressRules() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let learner = try await harness.user(client)
            let stranger = try await harness.user(client)
            let course = try await harness.publishedCourse(client, token: owner.token, lessons: 1)
            let other = try await harness.publishedCourse(client, token: owner.token, lessons: 1)
            #expect(try await harness.call(client, .post, "/v1/academy/courses/\(course.id)/enroll", token: learner.token).status == 201)
            let path = "/v1/academy/courses/\(course.id)/lessons/\(course.lessons[0])/progress"

            let notEnrolled = try await harness.call(client, .patch, path, token: stranger.token, json: ["status": "completed"])
            #expect(notEnrolled.status == 403)
            #expect(H.errorCode(notEnrolled.body) == "not_enrolled")
            #expect(try await harness.call(client, .patch, path, json: ["status": "completed"]).status == 401)
            let crossed = try await harness.call(client, .patch, "/v1/academy/courses/\(course.id)/lessons/\(other.lessons[0])/progress",
                                                 token: learner.token, json: ["status": "completed"])
            #expect(crossed.status == 404)
            let cases: [([String: Any], Set<String>)] = [
                ([:], ["status"]), (["status": "done"], ["status"]), (["status": "completed", "quiz_score": 101], ["quiz_score"]),
                (["status": "completed", "quiz_score": -1], ["quiz_score"]), (["status": "in_progress", "time_spent_seconds": -5], ["time_spent_seconds"]),
            ]
            for (json, fields) in cases {
                let reply = try await harness.call(client, .patch, path, token: learner.token, json: json)
                #expect(reply.status == 400, "\(json)")
                #expect(Set(H.fieldIssues(reply.body)) == fields, "\(json)")
            }
            let untouched = try await harness.call(client, .get, "/v1/academy/courses/\(course.id)/progress", token: learner.token)
            #expect((H.data(untouched.body)["lessons_progress"] as? [Any])?.isEmpty == true, "rejected updates store nothing")

            let readByStranger = try await harness.call(client, .get, "/v1/academy/courses/\(course.id)/progress", token: stranger.token)
            #expect(readByStranger.status == 403)
            #expect(H.errorCode(readByStranger.body) == "not_enrolled")
            #expect(try await harness.call(client, .get, "/v1/academy/courses/\(UUID().uuidString)/progress", token: learner.token).status == 404)
        }
    }

    @Test("concurrent requests: one learner enrolling five times at once is enrolled and counted once; completing at once announces once")
    func concurrentRequests() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let learner = try await harness.user(client)
            let course = try await harness.publishedCourse(client, token: owner.token, lessons: 1)
            let enrolls = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<5 {
                    group.addTask { try await harness.call(client, .post, "/v1/academy/courses/\(course.id)/enroll", token: learner.token).status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(enrolls.sorted() == [201, 400, 400, 400, 400])
            #expect(try await Self.enrollmentsCount(harness, client, course.id) == 1)
            #expect(try await harness.queuedRecommendations(for: learner.id, cause: "enrolled") == 1)

            let path = "/v1/academy/courses/\(course.id)/lessons/\(course.lessons[0])/progress"
            let completions = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<5 {
                    group.addTask { try await harness.call(client, .patch, path, token: learner.token, json: ["status": "completed"]).status }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(completions == [200, 200, 200, 200, 200])
            #expect(try await harness.queuedRecommendations(for: learner.id, cause: "completed") == 1)
        }
    }
}
