import Academy
import Foundation
import Hummingbird
import HummingbirdTesting
import Identity
import PostgresClient
import Testing
import TestSupport

/// `/ai/generate-quiz`, `/quizzes/:id` and attempts through the real ingress. The learning
/// worker's part (generating and storing) is played with the same calls it makes
/// (`QuizMaterial.generate`, `QuizStore.markReady`); the process test runs the worker itself.
@Suite("Academy quizzes API")
struct QuizRoutesTests {
    static func lessonText() throws -> String {
        try String(contentsOf: TestStack.repositoryRoot.appendingPathComponent("Tests/LearningTests/Fixtures/python-lists-dictionaries.en.txt"),
                   encoding: .utf8)
    }

    /// A published course whose only lesson holds the Python fixture: course and lesson ids.
    static func course(_ harness: AcademyHarness, _ client: any TestClientProtocol, token: String) async throws -> (course: String, lesson: String) {
        let course = try #require(try await harness.draft(client, token: token)["id"] as? String)
        let module = try await harness.module(client, token: token, course: course)
        let lesson = try await harness.textLesson(client, token: token, course: course, module: module, content: try lessonText())
        #expect(try await harness.call(client, .post, "/v1/academy/courses/\(course)/publish", token: token).status == 200)
        return (course, lesson)
    }

    /// What the worker does for a pending quiz.
    static func generate(_ harness: AcademyHarness, quizID: String) async throws {
        let id = try #require(UUID(uuidString: quizID))
        let stored = try await QuizStore(postgres: harness.postgres).quiz(id: id)
        let quiz = try #require(stored)
        let lessonID = try #require(quiz.lessonID)
        let courseID = try #require(quiz.courseID)
        let material = try await QuizMaterial.lesson(lessonID, courseID: courseID, content: CourseContentStore(postgres: harness.postgres))
        guard case let .questions(questions) = material.generate(count: quiz.numQuestions, seed: quiz.seed) else {
            Issue.record("the fixture lesson should give \(quiz.numQuestions) questions")
            return
        }
        let marked = try await harness.postgres.withTransaction { connection in
            try await QuizStore.markReady(id: quiz.id, questions: questions, on: connection)
        }
        #expect(marked)
    }

    @Test("generate-quiz: instructors of the lesson's course and admins only; bad fields are 400 naming them; too little text is 422 with the count possible")
    func generatePermissionsAndValidation() async throws {
        try await AcademyHarness.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let other = try await harness.user(client, roles: [.academyInstructor])
            let learner = try await harness.user(client)
            let admin = try await harness.user(client, roles: [.admin])
            let (_, lesson) = try await Self.course(harness, client, token: owner.token)
            let path = "/v1/academy/ai/generate-quiz"

            #expect(try await harness.call(client, .post, path, json: ["lesson_id": lesson]).status == 401)
            #expect(try await harness.call(client, .post, path, token: learner.token, json: ["lesson_id": lesson]).status == 403)
            #expect(try await harness.call(client, .post, path, token: other.token, json: ["lesson_id": lesson]).status == 403)
            #expect(try await harness.call(client, .post, path, token: owner.token, json: ["lesson_id": UUID().uuidString]).status == 404)
            for (json, field) in [([:], "lesson_id"), (["lesson_id": lesson, "lesson_content": "texte"], "lesson_id"),
                                  (["lesson_id": lesson, "num_questions": 0], "num_questions"),
                                  (["lesson_id": lesson, "num_questions": 51], "num_questions"),
                                  (["lesson_content": "   "], "lesson_content"),
                                  (["lesson_id": lesson, "seed": -1], "seed")] as [([String: Any], String)] {
                let reply = try await harness.call(client, .post, path, token: owner.token, json: json)
                #expect(reply.status == 400, "\(json)")
                #expect(AcademyHarness.fieldIssues(reply.body).contains(field), "\(json)")
            }

            let short = "Python stores ordered values in lists. A dictionary maps keys to values."
            let refused = try await harness.call(client, .post, path, token: owner.token, json: ["lesson_content": short, "num_questions": 10])
            #expect(refused.status == 422)
            #expect(AcademyHarness.errorCode(refused.body) == "content_too_short")
            let possible = QuizMaterial(text: short, otherTexts: []).possibleQuestions(limit: 10)
            #expect(possible < 10)
            #expect(((refused.body["error"] as? [String: Any])?["message"] as? String)?.contains("yields \(possible) question") == true)

            for token in [owner.token, admin.token] {
                let accepted = try await harness.call(client, .post, path, token: token, json: ["lesson_id": lesson, "num_questions": 5, "seed": 7])
                #expect(accepted.status == 202)
                let quiz = try #require(AcademyHarness.data(accepted.body)["quiz"] as? [String: Any])
                #expect(quiz["status"] as? String == "pending")
                #expect(quiz["num_questions"] as? Int == 5)
                let queued = try await harness.postgres.query("""
                    SELECT count(*) AS n FROM pipeline.outbox WHERE command_type = 'GenerateQuiz' AND message_key = \(lesson.lowercased())
                      AND upper(convert_from(payload, 'UTF8')::jsonb ->> 'quiz_id') = \(try #require(quiz["id"] as? String).uppercased())
                    """).first?.decode(Int.self, column: "n")
                #expect(queued == 1)
            }
        }
    }

    @Test("a quiz: whole for its instructor, without answers for an enrolled learner, hidden from others; attempts are validated, scored and feed the lesson's quiz score")
    func visibilityAndAttempts() async throws {
        try await AcademyHarness.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let learner = try await harness.user(client)
            let stranger = try await harness.user(client)
            let (course, lesson) = try await Self.course(harness, client, token: owner.token)
            let requested = try await harness.call(client, .post, "/v1/academy/ai/generate-quiz", token: owner.token,
                                                   json: ["lesson_id": lesson, "num_questions": 4, "seed": 3])
            let quizID = try #require((AcademyHarness.data(requested.body)["quiz"] as? [String: Any])?["id"] as? String)
            #expect(try await harness.call(client, .post, "/v1/academy/courses/\(course)/enroll", token: learner.token).status == 201)

            // Pending: attempts are refused.
            let early = try await harness.call(client, .post, "/v1/academy/quizzes/\(quizID)/attempts", token: learner.token, json: ["answers": [0]])
            #expect(early.status == 409)
            #expect(AcademyHarness.errorCode(early.body) == "quiz_not_ready")

            try await Self.generate(harness, quizID: quizID)
            let whole = try #require(AcademyHarness.data(try await harness.call(client, .get, "/v1/academy/quizzes/\(quizID)", token: owner.token).body)["quiz"] as? [String: Any])
            let questions = try #require(whole["questions"] as? [[String: Any]])
            #expect(questions.count == 4 && questions.allSatisfy { $0["answer_index"] is Int && $0["explanation"] is String })
            let seen = try #require(AcademyHarness.data(try await harness.call(client, .get, "/v1/academy/quizzes/\(quizID)", token: learner.token).body)["quiz"] as? [String: Any])
            let hidden = try #require(seen["questions"] as? [[String: Any]])
            #expect(hidden.count == 4 && hidden.allSatisfy { $0["answer_index"] == nil && $0["explanation"] == nil && $0["options"] is [String] })
            #expect(try await harness.call(client, .get, "/v1/academy/quizzes/\(quizID)", token: stranger.token).status == 404)
            #expect(try await harness.call(client, .post, "/v1/academy/quizzes/\(quizID)/attempts", token: stranger.token, json: ["answers": [0, 0, 0, 0]]).status == 404)
            #expect(try await harness.call(client, .get, "/v1/academy/quizzes/\(UUID().uuidString)", token: owner.token).status == 404)

            for (json, field) in [([:], "answers"), (["answers": [0, 1]], "answers"), (["answers": [0, 0, 0, 9]], "answers[3]")] as [([String: Any], String)] {
                let reply = try await harness.call(client, .post, "/v1/academy/quizzes/\(quizID)/attempts", token: learner.token, json: json)
                #expect(reply.status == 400, "\(json)")
                #expect(AcademyHarness.fieldIssues(reply.body) == [field], "\(json)")
            }

            // Half right, then all right: the lesson keeps the best score.
            let right = questions.map { $0["answer_index"] as? Int ?? 0 }
            let optionCounts = questions.map { ($0["options"] as? [Any])?.count ?? 2 }
            let half: [Any] = right.enumerated().map { index, answer in index < 2 ? answer : ((answer + 1) % optionCounts[index]) }
            let first = try await harness.call(client, .post, "/v1/academy/quizzes/\(quizID)/attempts", token: learner.token, json: ["answers": half])
            #expect(first.status == 201)
            let attempt = try #require(AcademyHarness.data(first.body)["attempt"] as? [String: Any])
            #expect(AcademyHarness.number(attempt["score"]) == 50)
            #expect(attempt["correct"] as? Int == 2)
            #expect((attempt["corrections"] as? [[String: Any]])?.map { $0["answer_index"] as? Int } == right.map { $0 })
            let skipped: [Any] = [NSNull(), NSNull(), NSNull(), NSNull()]
            #expect(AcademyHarness.number((AcademyHarness.data(try await harness.call(
                client, .post, "/v1/academy/quizzes/\(quizID)/attempts", token: learner.token, json: ["answers": skipped]).body)["attempt"] as? [String: Any])?["score"]) == 0)
            _ = try await harness.call(client, .post, "/v1/academy/quizzes/\(quizID)/attempts", token: learner.token, json: ["answers": right])
            let progress = AcademyHarness.data(try await harness.call(client, .get, "/v1/academy/courses/\(course)/progress", token: learner.token).body)
            let lessonProgress = (progress["lessons_progress"] as? [[String: Any]] ?? []).first { ($0["lesson_id"] as? String)?.lowercased() == lesson.lowercased() }
            #expect(AcademyHarness.number(lessonProgress?["quiz_score"]) == 100)
        }
    }
}
