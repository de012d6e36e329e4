import Academy
import Foundation
import Hummingbird
import HummingbirdTesting
import Identity
import PostgresClient
import Testing
import TestSupport

/// `/ai/recommendations` and `/ai/chat` through the real ingress (the stored lists are written
/// with the worker's own store call; the process test runs the worker).
@Suite("Academy recommendations and FAQ chat API")
struct AssistantRoutesTests {
    @Test("recommendations: mine or, for an admin, anyone's; cold start before the worker ran (popular, never enrolled, a refresh queued); stored lists skip courses enrolled since and are topped up to 3")
    func recommendations() async throws {
        try await AcademyHarness.run { harness, client in
            let learner = try await harness.user(client)
            let other = try await harness.user(client)
            let admin = try await harness.user(client, roles: [.admin])
            let path = "/v1/academy/ai/recommendations"
            #expect(try await harness.call(client, .post, path, json: [:]).status == 401)
            #expect(try await harness.call(client, .post, path, token: learner.token, json: ["user_id": other.id.uuidString]).status == 403)
            #expect(try await harness.call(client, .post, path, token: admin.token, json: ["user_id": UUID().uuidString]).status == 404)
            #expect(try await harness.call(client, .post, path, token: learner.token, json: ["user_id": "nope"]).status == 400)

            // A popular course the learner takes must never come back.
            let taken = try await harness.insertCourse(title: "Populaire \(AcademyHarness.word())", enrollments: 1_000_000)
            #expect(try await harness.call(client, .post, "/v1/academy/courses/\(taken)/enroll", token: learner.token).status == 201)
            let cold = AcademyHarness.data(try await harness.call(client, .post, path, token: learner.token, json: [:]).body)
            #expect(cold["source"] as? String == "cold_start")
            let coldIDs = (cold["recommendations"] as? [[String: Any]] ?? []).compactMap { (($0["course"] as? [String: Any])?["id"] as? String)?.lowercased() }
            #expect((3...5).contains(coldIDs.count))
            #expect(!coldIDs.contains(taken.uuidString.lowercased()))
            #expect(try await harness.queuedRecommendations(for: learner.id, cause: "requested") == 1)
            let byAdmin = try await harness.call(client, .post, path, token: admin.token, json: ["user_id": learner.id.uuidString])
            #expect(byAdmin.status == 200)

            // A stored list, as the worker writes it; a course enrolled in since is left out.
            let first = try await harness.insertCourse(title: "Recommandé \(AcademyHarness.word())")
            let second = try await harness.insertCourse(title: "Recommandé \(AcademyHarness.word())")
            let reason = CourseRecommendation.Reason(code: "learners_also_took", relatedCourseID: taken, text: "Learners who took it also took this course.")
            try await harness.postgres.withTransaction { connection in
                try await RecommendationStore.replace(userID: learner.id, with: [
                    .init(courseID: first, score: 2, reason: reason), .init(courseID: second, score: 1, reason: reason),
                ], on: connection)
            }
            let stored = AcademyHarness.data(try await harness.call(client, .post, path, token: learner.token, json: [:]).body)
            #expect(stored["source"] as? String == "stored")
            let entries = stored["recommendations"] as? [[String: Any]] ?? []
            // The two stored ones in their order, then one popular course to make three.
            let storedIDs = entries.compactMap { (($0["course"] as? [String: Any])?["id"] as? String)?.lowercased() }
            #expect(Array(storedIDs.prefix(2)) == [first, second].map { $0.uuidString.lowercased() })
            #expect(storedIDs.count == 3 && !storedIDs.contains(taken.uuidString.lowercased()))
            #expect((entries.first?["reason"] as? [String: Any])?["code"] as? String == "learners_also_took")
            #expect(try await harness.call(client, .post, "/v1/academy/courses/\(first)/enroll", token: learner.token).status == 201)
            let after = AcademyHarness.data(try await harness.call(client, .post, path, token: learner.token, json: [:]).body)
            let afterIDs = (after["recommendations"] as? [[String: Any]] ?? []).compactMap { (($0["course"] as? [String: Any])?["id"] as? String)?.lowercased() }
            // The stored course that is left comes first, popular ones top the list up to 3.
            #expect(afterIDs.first == second.uuidString.lowercased())
            #expect(afterIDs.count == 3)
            #expect(!afterIDs.contains(first.uuidString.lowercased()) && !afterIDs.contains(taken.uuidString.lowercased()))
            #expect(Set(afterIDs).count == 3)
        }
    }

    @Test("chat: answers from the FAQ with its source, says honestly when nothing matches, and quotes lesson text only to learners who may open the lessons")
    func faqChat() async throws {
        try await AcademyHarness.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let enrolled = try await harness.user(client)
            let outsider = try await harness.user(client)
            let lesson = "<p>Une <strong>zqmacro</strong> enregistre une suite d'actions répétitives dans Excel.</p><p>On la lance depuis l'onglet Développeur pour automatiser un rapport mensuel.</p>"
            let course = try #require(try await harness.draft(client, token: owner.token, ["language": "fr"])["id"] as? String)
            let module = try await harness.module(client, token: owner.token, course: course)
            let lessonID = try await harness.textLesson(client, token: owner.token, course: course, module: module, content: lesson)
            #expect(try await harness.call(client, .post, "/v1/academy/courses/\(course)/publish", token: owner.token).status == 200)
            let faq = try await harness.call(client, .post, "/v1/academy/courses/\(course)/faq", token: owner.token,
                                             json: ["question": "Comment obtenir le certificat du cours ?",
                                                    "answer": "Le certificat est envoyé par email quand toutes les leçons sont terminées."])
            let entryID = try #require((AcademyHarness.data(faq.body)["entry"] as? [String: Any])?["id"] as? String)
            #expect(try await harness.call(client, .post, "/v1/academy/courses/\(course)/enroll", token: enrolled.token).status == 201)
            let path = "/v1/academy/ai/chat"

            let answered = AcademyHarness.data(try await harness.call(client, .post, path, token: outsider.token,
                                                                      json: ["message": "Comment puis-je obtenir mon certificat ?", "course_id": course]).body)
            #expect(answered["found"] as? Bool == true)
            #expect((answered["reply"] as? String)?.contains("certificat est envoyé") == true)
            #expect((answered["source"] as? [String: Any])?["type"] as? String == "faq")
            #expect(((answered["source"] as? [String: Any])?["id"] as? String)?.lowercased() == entryID.lowercased())

            let unrelated = AcademyHarness.data(try await harness.call(client, .post, path, token: enrolled.token,
                                                                       json: ["message": "Quel temps fera-t-il demain à Lyon ?", "course_id": course]).body)
            #expect(unrelated["found"] as? Bool == false)
            #expect((unrelated["reply"] as? String)?.contains("pas trouvé") == true)

            let question = ["message": "À quoi sert une zqmacro dans Excel ?", "course_id": course]
            let fromLesson = AcademyHarness.data(try await harness.call(client, .post, path, token: enrolled.token, json: question).body)
            #expect(fromLesson["found"] as? Bool == true)
            #expect((fromLesson["source"] as? [String: Any])?["type"] as? String == "lesson")
            #expect(((fromLesson["source"] as? [String: Any])?["id"] as? String)?.lowercased() == lessonID.lowercased())
            #expect((fromLesson["reply"] as? String)?.contains("<") == false)
            let hidden = AcademyHarness.data(try await harness.call(client, .post, path, token: outsider.token, json: question).body)
            #expect(hidden["found"] as? Bool == false)
            #expect(!((hidden["reply"] as? String) ?? "").contains("zqmacro"))

            for (json, field) in [(["course_id": course], "message"), (["message": "Bonjour"], "course_id"),
                                  (["message": String(repeating: "a", count: 1_001), "course_id": course], "message")] as [([String: Any], String)] {
                let reply = try await harness.call(client, .post, path, token: enrolled.token, json: json)
                #expect(reply.status == 400, "\(json)")
                #expect(AcademyHarness.fieldIssues(reply.body).contains(field), "\(json)")
            }
            #expect(try await harness.call(client, .post, path, token: enrolled.token, json: ["message": "certificat", "course_id": UUID().uuidString]).status == 404)
            #expect(try await harness.call(client, .post, path, token: enrolled.token,
                                           json: ["message": "certificat", "course_id": course, "lesson_id": UUID().uuidString]).status == 404)
            #expect(try await harness.call(client, .post, path, json: ["message": "certificat", "course_id": course]).status == 401)
        }
    }
}
