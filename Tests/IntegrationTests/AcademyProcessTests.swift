import Foundation
import PostgresClient
import Testing
import TestSupport

/// `relais serve` + `relais work learning notifications` as real processes: quizzes generated
/// by the learning worker through Kafka, the requester notified, learners attempting them; and
/// recommendations that follow enrolments once the worker has handled them.
@Suite("Academy and the learning worker (processes)", .serialized)
struct AcademyProcessTests {
    final class Deployment: Sendable {
        let httpPort = TestStack.serverPort()
        let catalogue: PrivateCatalogue
        let ingress: RelaisProcess
        let worker: RelaisProcess
        let postgres: PostgresClient

        init() async throws {
            catalogue = try PrivateCatalogue(kinds: ["learning", "notifications"])
            let environment = [
                "HTTP_PORT": String(httpPort), "WORKER_PORT": String(TestStack.serverPort()), "RELAIS_TOPICS_FILE": catalogue.file.path,
                "BCRYPT_COST": "4", "LOG_LEVEL": "error",
                "RATE_LIMIT_REGISTER": "1000/1m", "RATE_LIMIT_LOGIN": "1000/1m", "RATE_LIMIT_DEFAULT": "100000/1m",
            ]
            _ = try await RelaisProcess.run(["topics", "apply"], environment: environment)
            ingress = try RelaisProcess(["serve"], environment: environment)
            worker = try RelaisProcess(["work", "learning", "notifications"], environment: environment)
            postgres = try await TestClients.migratedPostgres()
            let port = httpPort
            try await Eventually.wait(for: "the ingress", timeout: .seconds(30)) { await RelaisProcess.get(port: port, "/health")?.status == 200 }
        }

        func stop() async {
            ingress.kill()
            worker.kill()
            catalogue.remove()
            await postgres.close()
        }

        /// Registers a user, grants `role` when given, and signs in (the token carries the roles).
        func user(role: String? = nil) async throws -> (id: String, token: String) {
            let email = "academy-\(UUID().uuidString.prefix(8).lowercased())@example.test"
            let registered = await RelaisProcess.post(port: httpPort, "/v1/auth/register", json: [
                "email": email, "password": "Correct-Horse-9", "first_name": "Léa", "last_name": "Test", "language": "fr",
            ])
            let data = try #require(registered?.body["data"] as? [String: Any], "register answered \(registered?.status ?? 0)")
            let id = try #require((data["user"] as? [String: Any])?["id"] as? String)
            guard let role else { return (id, try #require(data["token"] as? String)) }
            try await postgres.execute("INSERT INTO identity.user_roles (user_id, role) VALUES (\(try #require(UUID(uuidString: id))), \(role))")
            let login = await RelaisProcess.post(port: httpPort, "/v1/auth/login", json: ["email": email, "password": "Correct-Horse-9"])
            return (id, try #require((login?.body["data"] as? [String: Any])?["token"] as? String))
        }

        func call(_ method: String, _ path: String, token: String, json: [String: Any]? = nil) async throws -> (status: Int, data: [String: Any]) {
            let reply = try #require(await RelaisProcess.send(method, port: httpPort, path, token: token, json: json), "\(method) \(path) got no answer")
            return (reply.status, reply.body["data"] as? [String: Any] ?? [:])
        }

        /// A published free course with one module holding one text lesson of `content`.
        func course(instructor token: String, title: String, content: String) async throws -> (course: String, lesson: String) {
            let created = try await call("POST", "/v1/academy/courses", token: token,
                                         json: ["title": title, "description": "Un cours de test.", "domain": "Excel", "language": "fr"])
            let course = try #require((created.data["course"] as? [String: Any])?["id"] as? String, "create answered \(created.status)")
            let module = try await call("POST", "/v1/academy/courses/\(course)/modules", token: token, json: ["title": "Bases", "order": 1])
            let moduleID = try #require((module.data["module"] as? [String: Any])?["id"] as? String)
            let lesson = try await call("POST", "/v1/academy/courses/\(course)/modules/\(moduleID)/lessons", token: token,
                                        json: ["title": "Leçon 1", "type": "text", "order": 1, "content": content])
            let lessonID = try #require((lesson.data["lesson"] as? [String: Any])?["id"] as? String)
            #expect(try await call("POST", "/v1/academy/courses/\(course)/publish", token: token).status == 200)
            return (course, lessonID)
        }

        func recommendations(_ token: String) async throws -> (source: String?, courses: [String]) {
            let reply = try await call("POST", "/v1/academy/ai/recommendations", token: token, json: [:])
            let list = reply.data["recommendations"] as? [[String: Any]] ?? []
            return (reply.data["source"] as? String, list.compactMap { (($0["course"] as? [String: Any])?["id"] as? String)?.lowercased() })
        }
    }

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: TestStack.repositoryRoot.appendingPathComponent("Tests/LearningTests/Fixtures/\(name)"), encoding: .utf8)
    }

    @Test("an instructor's quiz request is generated by the worker, the instructor is notified, a learner sees it without answers and is scored; too many questions is 422")
    func quizLifecycle() async throws {
        let deployment = try await Deployment()
        do {
            let instructor = try await deployment.user(role: "academy.instructor")
            let lesson = try Self.fixture("excel-tableaux-croises-dynamiques.fr.txt")
            let (course, lessonID) = try await deployment.course(instructor: instructor.token, title: "Tableaux croisés \(UUID().uuidString.prefix(6))",
                                                                 content: lesson)

            let tooMany = try #require(await RelaisProcess.send("POST", port: deployment.httpPort, "/v1/academy/ai/generate-quiz",
                                                               token: instructor.token, json: ["lesson_id": lessonID, "num_questions": 50]))
            #expect(tooMany.status == 422)
            #expect((tooMany.body["error"] as? [String: Any])?["code"] as? String == "content_too_short")

            let requested = try await deployment.call("POST", "/v1/academy/ai/generate-quiz", token: instructor.token,
                                                      json: ["lesson_id": lessonID, "num_questions": 6, "seed": 42])
            #expect(requested.status == 202)
            let quiz = try #require(requested.data["quiz"] as? [String: Any])
            #expect(quiz["status"] as? String == "pending")
            let quizID = try #require(quiz["id"] as? String)

            try await Eventually.wait(for: "the quiz to be ready", timeout: .seconds(60)) {
                try await deployment.call("GET", "/v1/academy/quizzes/\(quizID)", token: instructor.token).data["quiz"]
                    .flatMap { ($0 as? [String: Any])?["status"] as? String } == "ready"
            }
            let ready = try #require(try await deployment.call("GET", "/v1/academy/quizzes/\(quizID)", token: instructor.token).data["quiz"] as? [String: Any])
            let questions = try #require(ready["questions"] as? [[String: Any]])
            #expect(questions.count == 6)
            #expect(questions.allSatisfy { $0["answer_index"] is Int })
            try await Eventually.wait(for: "the instructor's notification", timeout: .seconds(30)) {
                let page = try await deployment.call("GET", "/v1/notifications", token: instructor.token).data
                return (page["notifications"] as? [[String: Any]] ?? []).contains { $0["type"] as? String == "academy.quiz.ready" }
            }

            // A learner who has not enrolled cannot see it; an enrolled one sees it without answers.
            let learner = try await deployment.user()
            #expect(try await deployment.call("GET", "/v1/academy/quizzes/\(quizID)", token: learner.token).status == 404)
            #expect(try await deployment.call("POST", "/v1/academy/courses/\(course)/enroll", token: learner.token).status == 201)
            let seen = try #require(try await deployment.call("GET", "/v1/academy/quizzes/\(quizID)", token: learner.token).data["quiz"] as? [String: Any])
            #expect((seen["questions"] as? [[String: Any]] ?? []).allSatisfy { $0["answer_index"] == nil })

            // Answering every question right scores 100, and the lesson's quiz score follows.
            let answers = questions.map { $0["answer_index"] as? Int ?? 0 }
            let attempt = try await deployment.call("POST", "/v1/academy/quizzes/\(quizID)/attempts", token: learner.token, json: ["answers": answers])
            #expect(attempt.status == 201)
            #expect((attempt.data["attempt"] as? [String: Any])?["score"] as? Double == 100)
            let progress = try await deployment.call("GET", "/v1/academy/courses/\(course)/progress", token: learner.token).data
            let lessons = progress["lessons_progress"] as? [[String: Any]] ?? []
            #expect(lessons.first { $0["lesson_id"] as? String == lessonID }?["quiz_score"] as? Double == 100)
        } catch {
            await deployment.stop()
            throw error
        }
        await deployment.stop()
    }

    @Test("recommendations never include the learner's courses, follow a processed enrolment, and the worker counts the co-enrolment once")
    func recommendationsFollowEnrolments() async throws {
        let deployment = try await Deployment()
        do {
            // A small catalogue: courses learners take together, and others.
            let postgres = deployment.postgres
            let tag = UUID().uuidString.prefix(6)
            var courses: [UUID] = []
            for index in 0..<8 {
                let id = UUID()
                let domain = index < 4 ? "Python" : "Excel"
                try await postgres.execute("""
                    INSERT INTO academy.courses (id, title, description, domain, language, status, enrollments_count, keywords)
                    VALUES (\(id), \("Cours \(tag) numéro \(index)"), 'Analyse de données', \(domain), 'fr', 'published', \(10 - index), ARRAY['data'])
                    """)
                courses.append(id)
            }
            let learner = try await deployment.user()
            let first = courses[0].uuidString.lowercased()

            #expect(try await deployment.call("POST", "/v1/academy/courses/\(first)/enroll", token: learner.token).status == 201)
            try await Eventually.wait(for: "stored recommendations", timeout: .seconds(60)) {
                try await deployment.recommendations(learner.token).source == "stored"
            }
            let before = try await deployment.recommendations(learner.token).courses
            #expect(before.count == 5)
            #expect(!before.contains(first))

            // Enrolling in a recommended course (one of this test's, which share the first one's
            // words): until the worker has handled it, the stored list only loses that course;
            // once handled, the list is full again without it, and the pair is counted.
            let mine = Set(courses.map { $0.uuidString.lowercased() })
            let second = try #require(before.first { mine.contains($0) }, "no course of this test among \(before)")
            #expect(try await deployment.call("POST", "/v1/academy/courses/\(second)/enroll", token: learner.token).status == 201)
            // The enrolment's command is handled once its pair is counted; the list is then
            // full again without the course.
            let secondID = try #require(UUID(uuidString: second))
            try await Eventually.wait(for: "the second enrolment's command", timeout: .seconds(60)) {
                try await postgres.query("""
                    SELECT 1 AS counted FROM academy.course_pairs
                    WHERE course_a = LEAST(\(courses[0]), \(secondID)) AND course_b = GREATEST(\(courses[0]), \(secondID))
                    """).count == 1
            }
            try await Eventually.wait(for: "the refresh after the second enrolment", timeout: .seconds(30)) {
                try await deployment.recommendations(learner.token).courses.count == 5
            }
            let after = try await deployment.recommendations(learner.token).courses
            #expect(!after.contains(first) && !after.contains(second))
            #expect(after != before)
            let pair = try await postgres.query("""
                SELECT learners FROM academy.course_pairs WHERE course_a = LEAST(\(courses[0]), \(secondID)) AND course_b = GREATEST(\(courses[0]), \(secondID))
                """).first?.decode(Int.self, column: "learners")
            #expect(pair == 1)
            // Polling before the first list exists queued one refresh, not one per call.
            #expect(try await postgres.query("""
                SELECT count(*) AS n FROM pipeline.outbox WHERE command_type = 'RefreshRecommendations' AND message_key = \(learner.id.lowercased())
                  AND convert_from(payload, 'UTF8')::jsonb ->> 'cause' = 'requested'
                """).first?.decode(Int.self, column: "n") ?? 0 <= 1)
        } catch {
            await deployment.stop()
            throw error
        }
        await deployment.stop()
    }
}
