import Foundation
import HummingbirdTesting
import Testing
import TestSupport

/// Modules and lessons as learners see them: the outline is public, the content opens to the
/// course's instructor and admins, and to enrolled learners who paid (or subscribed).
@Suite("Academy content and lesson access")
struct LessonAccessTests {
    typealias H = AcademyHarness

    static func lesson(_ reply: H.Reply) -> [String: Any] { H.data(reply.body)["lesson"] as? [String: Any] ?? [:] }

    @Test("outline: modules in order with their lessons and no content; totals follow lesson changes; module_id filters, unknown is 404")
    func outlineAndTotals() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let course = try #require(try await harness.draft(client, token: owner.token)["id"] as? String)
            let second = try await harness.module(client, token: owner.token, course: course, order: 2, title: "Deuxième")
            let first = try await harness.module(client, token: owner.token, course: course, order: 1, title: "Premier")
            func video(_ module: String, order: Int, seconds: Int) async throws -> String {
                let reply = try await harness.call(client, .post, "/v1/academy/courses/\(course)/modules/\(module)/lessons", token: owner.token, json: [
                    "title": "Vidéo \(order)", "type": "video", "order": order,
                    "video": ["url": "https://videos.example.test/\(order).mp4", "duration_seconds": seconds, "transcript": "Bonjour",
                              "thumbnail_url": "https://videos.example.test/\(order).png"],
                ])
                #expect(reply.status == 201)
                let lesson = Self.lesson(reply)
                #expect((lesson["video"] as? [String: Any])?["duration_seconds"] as? Int == seconds)
                #expect((lesson["video"] as? [String: Any])?["thumbnail_url"] as? String == "https://videos.example.test/\(order).png")
                return try #require(lesson["id"] as? String)
            }
            let long = try await video(first, order: 2, seconds: 5_400)
            let text = try await harness.textLesson(client, token: owner.token, course: course, module: first, order: 1, content: "<p>Secret</p>")
            let short = try await video(second, order: 1, seconds: 1_800)

            let detail = try await harness.call(client, .get, "/v1/academy/courses/\(course)", token: owner.token)
            let body = try #require(H.data(detail.body)["course"] as? [String: Any])
            #expect(body["total_lessons"] as? Int == 3)
            #expect(H.number(body["total_duration_hours"]) == 2)
            let modules = try #require(body["modules"] as? [[String: Any]])
            #expect(modules.compactMap { $0["id"] as? String } == [first, second])
            #expect(modules.compactMap { $0["order"] as? Int } == [1, 2])
            let lessons = modules.flatMap { $0["lessons"] as? [[String: Any]] ?? [] }
            #expect(lessons.compactMap { $0["id"] as? String } == [text, long, short])
            #expect(lessons.allSatisfy { $0["content"] == nil && $0["video"] == nil }, "the outline never carries content")
            #expect(lessons.compactMap { $0["duration_seconds"] as? Int } == [5_400, 1_800])

            let path = "/v1/academy/courses/\(course)/modules/\(first)/lessons/\(long)"
            #expect(try await harness.call(client, .patch, path, token: owner.token, json: ["video": ["url": "https://videos.example.test/2.mp4",
                                                                                                     "duration_seconds": 3_600]]).status == 200)
            let recounted = try await harness.call(client, .get, "/v1/academy/courses/\(course)", token: owner.token)
            #expect(H.number((H.data(recounted.body)["course"] as? [String: Any])?["total_duration_hours"]) == 1.5)

            let published = try await harness.call(client, .post, "/v1/academy/courses/\(course)/publish", token: owner.token)
            #expect(published.status == 200)
            let outline = try await harness.call(client, .get, "/v1/academy/courses/\(course)/lessons")
            #expect(outline.status == 200)
            let all = H.data(outline.body)["lessons"] as? [[String: Any]] ?? []
            #expect(all.compactMap { $0["id"] as? String } == [text, long, short])
            #expect(all.allSatisfy { $0["content"] == nil })
            let filtered = try await harness.call(client, .get, "/v1/academy/courses/\(course)/lessons?module_id=\(second)")
            #expect((H.data(filtered.body)["lessons"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [short])
            #expect(try await harness.call(client, .get, "/v1/academy/courses/\(course)/lessons?module_id=\(UUID().uuidString)").status == 404)
            #expect(try await harness.call(client, .get, "/v1/academy/courses/\(course)/lessons?module_id=nope").status == 404)
        }
    }

    @Test("lesson validation: a text lesson needs content, a video lesson a video URL; bad type, order and URLs are named")
    func lessonValidation() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let course = try #require(try await harness.draft(client, token: owner.token)["id"] as? String)
            let module = try await harness.module(client, token: owner.token, course: course)
            let path = "/v1/academy/courses/\(course)/modules/\(module)/lessons"
            let cases: [([String: Any], Set<String>)] = [
                ([:], ["title", "type", "order"]),
                (["title": "Texte", "type": "text", "order": 1], ["content"]),
                (["title": "Vidéo", "type": "video", "order": 1], ["video.url"]),
                (["title": "Vidéo", "type": "video", "order": 1, "video": ["duration_seconds": 60]], ["video.url"]),
                (["title": "Vidéo", "type": "video", "order": 1, "video": ["url": "ftp://videos.example.test/a.mp4"]], ["video.url"]),
                (["title": "Vidéo", "type": "video", "order": 1, "video": ["url": "https://v.example.test/a.mp4", "duration_seconds": 90_000]],
                 ["video.duration_seconds"]),
                (["title": "Podcast", "type": "podcast", "order": 1], ["type"]),
                (["title": "Quiz", "type": "quiz", "order": 0], ["order"]),
                (["title": "  ", "type": "exercise", "order": 1], ["title"]),
            ]
            for (json, fields) in cases {
                let reply = try await harness.call(client, .post, path, token: owner.token, json: json)
                #expect(reply.status == 400, "\(json)")
                #expect(Set(H.fieldIssues(reply.body)) == fields, "\(json)")
            }
            let quiz = try await harness.call(client, .post, path, token: owner.token, json: ["title": "Quiz", "type": "quiz", "order": 2])
            #expect(quiz.status == 201, "a quiz lesson needs neither content nor video")
            let counted = try await harness.call(client, .get, "/v1/academy/courses/\(course)", token: owner.token)
            #expect((H.data(counted.body)["course"] as? [String: Any])?["total_lessons"] as? Int == 1, "rejected lessons are not stored")
        }
    }

    @Test("a PATCH that turns a text lesson into a video lesson must bring the video URL")
    func patchTypeNeedsItsContent() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let course = try #require(try await harness.draft(client, token: owner.token)["id"] as? String)
            let module = try await harness.module(client, token: owner.token, course: course)
            let lesson = try await harness.textLesson(client, token: owner.token, course: course, module: module)
            let path = "/v1/academy/courses/\(course)/modules/\(module)/lessons/\(lesson)"
            let reply = try await harness.call(client, .patch, path, token: owner.token, json: ["type": "video"])
            #expect(reply.status == 400)
            #expect(H.fieldIssues(reply.body) == ["video.url"])
            let withVideo = try await harness.call(client, .patch, path, token: owner.token,
                                                   json: ["type": "video", "video": ["url": "https://videos.example.test/x.mp4"]])
            #expect(withVideo.status == 200)
            #expect((Self.lesson(withVideo)["video"] as? [String: Any])?["url"] as? String == "https://videos.example.test/x.mp4")
        }
    }

    @Test("lesson content: owner and admin 200; anonymous 401; not enrolled 403; enrolled without payment 402; paid 200 and remembered")
    func paidLessonAccess() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let admin = try await harness.user(client, roles: [.admin])
            let enrolled = try await harness.user(client)
            let stranger = try await harness.user(client)
            // Enrolled while the course was free; it is paid now, so the enrolment alone no longer opens it.
            let course = try await harness.publishedCourse(client, token: owner.token, lessons: 2)
            #expect(try await harness.call(client, .post, "/v1/academy/courses/\(course.id)/enroll", token: enrolled.token).status == 201)
            #expect(try await harness.call(client, .patch, "/v1/academy/courses/\(course.id)", token: owner.token,
                                           json: ["price": ["amount": 4900]]).status == 200)
            let path = "/v1/academy/courses/\(course.id)/lessons/\(course.lessons[1])"

            let asOwner = try await harness.call(client, .get, path, token: owner.token)
            #expect(asOwner.status == 200)
            #expect(Self.lesson(asOwner)["content"] as? String == "<p>Contenu</p>")
            #expect(H.data(asOwner.body)["is_completed"] as? Bool == false)
            #expect(try await harness.call(client, .get, path, token: admin.token).status == 200)
            #expect(try await harness.call(client, .get, path).status == 401)

            let notEnrolled = try await harness.call(client, .get, path, token: stranger.token)
            #expect(notEnrolled.status == 403)
            #expect(H.errorCode(notEnrolled.body) == "not_enrolled")
            let unpaid = try await harness.call(client, .get, path, token: enrolled.token)
            #expect(unpaid.status == 402)
            #expect(H.errorCode(unpaid.body) == "payment_required")
            #expect(Self.lesson(unpaid)["content"] == nil)

            try await harness.entitle(enrolled.id, to: course.id)
            let paid = try await harness.call(client, .get, path, token: enrolled.token)
            #expect(paid.status == 200)
            #expect(Self.lesson(paid)["id"] as? String == course.lessons[1])
            #expect(Self.lesson(paid)["content"] as? String == "<p>Contenu</p>")
            #expect(H.data(paid.body)["is_completed"] as? Bool == false)
            #expect(H.data(paid.body)["progress"] as? [String: Any] == nil)
            let progress = try await harness.call(client, .get, "/v1/academy/courses/\(course.id)/progress", token: enrolled.token)
            #expect((H.data(progress.body)["enrollment"] as? [String: Any])?["last_accessed_lesson_id"] as? String == course.lessons[1])

            let otherCourse = try await harness.publishedCourse(client, token: owner.token)
            let crossed = try await harness.call(client, .get, "/v1/academy/courses/\(course.id)/lessons/\(otherCourse.lessons[0])", token: owner.token)
            #expect(crossed.status == 404, "a lesson of another course")
            #expect(try await harness.call(client, .get, "/v1/academy/courses/\(course.id)/lessons/\(UUID().uuidString)",
                                           token: enrolled.token).status == 404)
            #expect(try await harness.call(client, .get, path, token: "forged").status == 401)
        }
    }

    @Test("subscription-priced courses open with an active subscription only; a subscription never covers a one-time course")
    func subscriptionAccess() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let subscriber = try await harness.user(client)
            let pending = try await harness.user(client)
            try await harness.subscribe(subscriber.id, status: "active")
            try await harness.subscribe(pending.id, status: "pending")
            let course = try await harness.publishedCourse(client, token: owner.token, lessons: 1,
                                                           ["price": ["amount": 2990, "currency": "EUR", "pricing_model": "subscription"]])
            let oneTime = try await harness.publishedCourse(client, token: owner.token, lessons: 1, ["price": ["amount": 2990]])

            let enrolled = try await harness.call(client, .post, "/v1/academy/courses/\(course.id)/enroll", token: subscriber.token)
            #expect(enrolled.status == 201)
            let lesson = try await harness.call(client, .get, "/v1/academy/courses/\(course.id)/lessons/\(course.lessons[0])", token: subscriber.token)
            #expect(lesson.status == 200)
            #expect(Self.lesson(lesson)["content"] as? String == "<p>Contenu</p>")

            let refused = try await harness.call(client, .post, "/v1/academy/courses/\(course.id)/enroll", token: pending.token)
            #expect(refused.status == 402)
            #expect(H.errorCode(refused.body) == "payment_required")
            let notCovered = try await harness.call(client, .post, "/v1/academy/courses/\(oneTime.id)/enroll", token: subscriber.token)
            #expect(notCovered.status == 402)

            // Once the subscription ends, the enrolment stays but the content closes.
            try await harness.postgres.execute("UPDATE billing.subscriptions SET status = 'cancelled' WHERE user_id = \(subscriber.id)")
            let lapsed = try await harness.call(client, .get, "/v1/academy/courses/\(course.id)/lessons/\(course.lessons[0])", token: subscriber.token)
            #expect(lapsed.status == 402)
            #expect(H.errorCode(lapsed.body) == "payment_required")
        }
    }
}
