import Foundation
import HummingbirdTesting
import Testing
import TestSupport

/// The instructor's routes: who may create, change, publish, archive a course and add its
/// modules and lessons (owner, another instructor, a learner, an admin, nobody signed in).
@Suite("Academy course management")
struct CourseManagementTests {
    typealias H = AcademyHarness

    @Test("create: anonymous 401, learner 403; an instructor or admin gets a 201 draft they own, with the given fields")
    func createPermissions() async throws {
        try await H.run { harness, client in
            let learner = try await harness.user(client)
            let instructor = try await harness.user(client, roles: [.academyInstructor])
            let admin = try await harness.user(client, roles: [.admin])
            let json: [String: Any] = [
                "title": "Python pour l'analyse", "description": "Pandas et graphiques", "domain": "Python", "short_description": "Court",
                "stack": ["Python", "pandas", "python"], "keywords": ["data"], "language": "en", "category": "Data",
                "image_url": "https://cdn.example.test/cover.png", "price": ["amount": 4900, "currency": "USD", "pricing_model": "one-time"],
            ]
            #expect(try await harness.call(client, .post, "/v1/academy/courses", json: json).status == 401)
            let refused = try await harness.call(client, .post, "/v1/academy/courses", token: learner.token, json: json)
            #expect(refused.status == 403)
            #expect(H.errorCode(refused.body) == "forbidden")

            let created = try await harness.call(client, .post, "/v1/academy/courses", token: instructor.token, json: json)
            #expect(created.status == 201)
            let course = try #require(H.data(created.body)["course"] as? [String: Any])
            #expect(course["status"] as? String == "draft")
            #expect(course["instructor_id"] as? String == instructor.id.uuidString)
            #expect(course["instructor_name"] as? String == "Ana Lima")
            #expect(course["title"] as? String == "Python pour l'analyse")
            #expect(course["domain"] as? String == "Python")
            #expect(course["language"] as? String == "en")
            #expect(course["stack"] as? [String] == ["Python", "pandas"], "labels are de-duplicated ignoring case")
            #expect(course["image_url"] as? String == "https://cdn.example.test/cover.png")
            let price = try #require(course["price"] as? [String: Any])
            #expect(price["amount"] as? Int == 4900)
            #expect(price["currency"] as? String == "USD")
            #expect(price["pricing_model"] as? String == "one-time")
            #expect(course["total_lessons"] as? Int == 0)
            #expect(course["enrollments_count"] as? Int == 0)
            #expect(course["published_at"] == nil || course["published_at"] is NSNull)

            let byAdmin = try await harness.call(client, .post, "/v1/academy/courses", token: admin.token,
                                                 json: ["title": "Cours de l'admin", "description": "", "domain": "R", "pricing_model": "subscription"])
            #expect(byAdmin.status == 201)
            let adminCourse = try #require(H.data(byAdmin.body)["course"] as? [String: Any])
            #expect(adminCourse["instructor_id"] as? String == admin.id.uuidString)
            let adminPrice = try #require(adminCourse["price"] as? [String: Any])
            #expect(adminPrice["amount"] as? Int == 0)
            #expect(adminPrice["currency"] as? String == "EUR")
            #expect(adminPrice["pricing_model"] as? String == "subscription")
            #expect(adminCourse["language"] as? String == "fr")
        }
    }

    @Test("create validation: one 400 names every missing or invalid field")
    func createValidation() async throws {
        try await H.run { harness, client in
            let instructor = try await harness.user(client, roles: [.academyInstructor])
            let empty = try await harness.call(client, .post, "/v1/academy/courses", token: instructor.token, json: [:])
            #expect(empty.status == 400)
            #expect(H.errorCode(empty.body) == "validation_failed")
            #expect(Set(H.fieldIssues(empty.body)) == ["title", "description", "domain"])

            let invalid = try await harness.call(client, .post, "/v1/academy/courses", token: instructor.token, json: [
                "title": "  Abc  ", "description": "ok", "domain": "Java", "language": "de", "image_url": "ftp://files.example.test/a.png",
                "short_description": String(repeating: "x", count: 501), "stack": [""],
                "price": ["amount": -1, "currency": "eur", "pricing_model": "one-time"], "pricing_model": "subscription",
            ])
            #expect(invalid.status == 400)
            #expect(Set(H.fieldIssues(invalid.body)) == ["title", "domain", "language", "image_url", "short_description", "stack",
                                                         "price.amount", "price.currency", "pricing_model"])

            let tooLong = try await harness.call(client, .post, "/v1/academy/courses", token: instructor.token,
                                                 json: ["title": String(repeating: "t", count: 201), "description": "", "domain": "Other"])
            #expect(H.fieldIssues(tooLong.body) == ["title"])
            let mistyped = try await harness.call(client, .post, "/v1/academy/courses", token: instructor.token,
                                                  json: ["title": "Un bon titre", "description": "", "domain": "Other", "price": ["amount": "cher"]])
            #expect(mistyped.status == 400)
            #expect(H.fieldIssues(mistyped.body) == ["price.amount"])
        }
    }

    @Test("patch: the owner and an admin change only the given fields; another instructor or a learner 403, anonymous 401, unknown 404")
    func patchPermissions() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let other = try await harness.user(client, roles: [.academyInstructor])
            let learner = try await harness.user(client)
            let admin = try await harness.user(client, roles: [.admin])
            let course = try #require(try await harness.draft(client, token: owner.token, ["domain": "R", "stack": ["R"]])["id"] as? String)
            let path = "/v1/academy/courses/\(course)"

            #expect(try await harness.call(client, .patch, path, json: ["title": "Nouveau titre"]).status == 401)
            #expect(try await harness.call(client, .patch, path, token: other.token, json: ["title": "Nouveau titre"]).status == 403)
            #expect(try await harness.call(client, .patch, path, token: learner.token, json: ["title": "Nouveau titre"]).status == 403)
            #expect(try await harness.call(client, .patch, "/v1/academy/courses/\(UUID().uuidString)", token: owner.token,
                                           json: ["title": "Nouveau titre"]).status == 404)
            #expect(try await harness.call(client, .patch, "/v1/academy/courses/pas-un-id", token: admin.token, json: [:]).status == 404)

            let changed = try await harness.call(client, .patch, path, token: owner.token, json: ["title": "Nouveau titre", "price": ["amount": 1500]])
            #expect(changed.status == 200)
            let patched = try #require(H.data(changed.body)["course"] as? [String: Any])
            #expect(patched["title"] as? String == "Nouveau titre")
            #expect((patched["price"] as? [String: Any])?["amount"] as? Int == 1500)
            #expect(patched["domain"] as? String == "R", "fields not sent are unchanged")
            #expect(patched["stack"] as? [String] == ["R"])

            let byAdmin = try await harness.call(client, .patch, path, token: admin.token, json: ["language": "en"])
            #expect(byAdmin.status == 200)
            #expect((H.data(byAdmin.body)["course"] as? [String: Any])?["language"] as? String == "en")
            #expect((H.data(byAdmin.body)["course"] as? [String: Any])?["title"] as? String == "Nouveau titre")

            let invalid = try await harness.call(client, .patch, path, token: owner.token, json: ["title": "abc", "domain": "Go"])
            #expect(invalid.status == 400)
            #expect(Set(H.fieldIssues(invalid.body)) == ["title", "domain"])
        }
    }

    @Test("drafts are seen by their owner and admins only: 404 for anonymous, learners and other instructors; a bad token is 401")
    func draftVisibility() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let other = try await harness.user(client, roles: [.academyInstructor])
            let learner = try await harness.user(client)
            let admin = try await harness.user(client, roles: [.admin])
            let course = try #require(try await harness.draft(client, token: owner.token)["id"] as? String)
            let path = "/v1/academy/courses/\(course)"
            #expect(try await harness.call(client, .get, path).status == 404)
            #expect(try await harness.call(client, .get, path, token: learner.token).status == 404)
            #expect(try await harness.call(client, .get, path, token: other.token).status == 404)
            let own = try await harness.call(client, .get, path, token: owner.token)
            #expect(own.status == 200)
            #expect((H.data(own.body)["course"] as? [String: Any])?["status"] as? String == "draft")
            #expect((H.data(own.body)["course"] as? [String: Any])?["modules"] as? [Any] != nil)
            #expect(try await harness.call(client, .get, path, token: admin.token).status == 200)
            #expect(try await harness.call(client, .get, path, token: "\(owner.token)x").status == 401)
            #expect(try await harness.call(client, .get, "/v1/academy/courses/\(UUID().uuidString)").status == 404)
        }
    }

    @Test("publish needs a module with a lesson (400 course_empty); archiving hides the course; an archived course cannot be published")
    func publishAndArchive() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let other = try await harness.user(client, roles: [.academyInstructor])
            let learner = try await harness.user(client)
            let token = H.word()
            let course = try #require(try await harness.draft(client, token: owner.token, ["title": "Publication \(token)"])["id"] as? String)
            let publish = "/v1/academy/courses/\(course)/publish"

            let empty = try await harness.call(client, .post, publish, token: owner.token)
            #expect(empty.status == 400)
            #expect(H.errorCode(empty.body) == "course_empty")
            let module = try await harness.module(client, token: owner.token, course: course)
            #expect(H.errorCode(try await harness.call(client, .post, publish, token: owner.token).body) == "course_empty",
                    "a module without a lesson is still empty")
            _ = try await harness.textLesson(client, token: owner.token, course: course, module: module)
            #expect(try await harness.call(client, .post, publish, token: other.token).status == 403)
            #expect(try await harness.call(client, .post, publish, token: learner.token).status == 403)
            #expect(try await harness.call(client, .post, publish).status == 401)
            #expect(try await harness.call(client, .post, "/v1/academy/courses/\(UUID().uuidString)/publish", token: owner.token).status == 404)

            let published = try await harness.call(client, .post, publish, token: owner.token)
            #expect(published.status == 200)
            let body = try #require(H.data(published.body)["course"] as? [String: Any])
            #expect(body["status"] as? String == "published")
            #expect(body["published_at"] as? String != nil)
            #expect(try await harness.call(client, .get, "/v1/academy/courses/\(course)").status == 200)
            let listed = try await harness.call(client, .get, H.uri("/v1/academy/courses", [("search", token)]))
            #expect(CatalogueTests.ids(listed) == [course])

            let path = "/v1/academy/courses/\(course)"
            #expect(try await harness.call(client, .delete, path, token: other.token).status == 403)
            #expect(try await harness.call(client, .delete, path, token: learner.token).status == 403)
            #expect(try await harness.call(client, .delete, path).status == 401)
            let archived = try await harness.call(client, .delete, path, token: owner.token)
            #expect(archived.status == 200)
            #expect(H.data(archived.body)["status"] as? String == "archived")

            let again = try await harness.call(client, .get, H.uri("/v1/academy/courses", [("search", token)]))
            #expect(CatalogueTests.ids(again).isEmpty)
            #expect(try await harness.call(client, .get, path).status == 404)
            #expect(try await harness.call(client, .get, path, token: learner.token).status == 404)
            let refused = try await harness.call(client, .post, publish, token: owner.token)
            #expect(refused.status == 400)
            #expect(H.errorCode(refused.body) == "course_archived")
            #expect((H.data(try await harness.call(client, .get, path, token: owner.token).body)["course"] as? [String: Any])?["status"] as? String
                    == "archived")
        }
    }

    @Test("instructor/courses lists the caller's own courses in every status; learners 403, anonymous 401")
    func instructorCourses() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let other = try await harness.user(client, roles: [.academyInstructor])
            let learner = try await harness.user(client)
            let draft = try #require(try await harness.draft(client, token: owner.token)["id"] as? String)
            let published = try await harness.publishedCourse(client, token: owner.token).id
            let archived = try await harness.publishedCourse(client, token: owner.token).id
            #expect(try await harness.call(client, .delete, "/v1/academy/courses/\(archived)", token: owner.token).status == 200)
            let theirs = try #require(try await harness.draft(client, token: other.token)["id"] as? String)

            let mine = try await harness.call(client, .get, "/v1/academy/instructor/courses", token: owner.token)
            #expect(mine.status == 200)
            let courses = H.data(mine.body)["courses"] as? [[String: Any]] ?? []
            var statuses: [String: String] = [:]
            for course in courses { statuses[course["id"] as? String ?? ""] = course["status"] as? String }
            #expect(statuses == [draft: "draft", published: "published", archived: "archived"])
            let otherList = try await harness.call(client, .get, "/v1/academy/instructor/courses", token: other.token)
            #expect((H.data(otherList.body)["courses"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [theirs])
            #expect(try await harness.call(client, .get, "/v1/academy/instructor/courses", token: learner.token).status == 403)
            #expect(try await harness.call(client, .get, "/v1/academy/instructor/courses").status == 401)
        }
    }

    @Test("modules and lessons: the owner and an admin add and change them; another instructor or a learner 403; unknown course or module 404")
    func contentPermissions() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let other = try await harness.user(client, roles: [.academyInstructor])
            let learner = try await harness.user(client)
            let admin = try await harness.user(client, roles: [.admin])
            let course = try #require(try await harness.draft(client, token: owner.token)["id"] as? String)
            let foreign = try #require(try await harness.draft(client, token: other.token)["id"] as? String)
            let foreignModule = try await harness.module(client, token: other.token, course: foreign)
            let modules = "/v1/academy/courses/\(course)/modules"
            let json: [String: Any] = ["title": "Bases", "order": 1]

            #expect(try await harness.call(client, .post, modules, json: json).status == 401)
            #expect(try await harness.call(client, .post, modules, token: other.token, json: json).status == 403)
            #expect(try await harness.call(client, .post, modules, token: learner.token, json: json).status == 403)
            #expect(try await harness.call(client, .post, "/v1/academy/courses/\(UUID().uuidString)/modules", token: admin.token, json: json).status == 404)
            let invalid = try await harness.call(client, .post, modules, token: owner.token, json: ["title": " ", "order": 0])
            #expect(Set(H.fieldIssues(invalid.body)) == ["title", "order"])
            let module = try await harness.module(client, token: owner.token, course: course)
            #expect(try await harness.call(client, .post, modules, token: admin.token, json: ["title": "Par l'admin", "order": 2]).status == 201)

            let lessons = "/v1/academy/courses/\(course)/modules/\(module)/lessons"
            let lesson: [String: Any] = ["title": "Intro", "type": "text", "order": 1, "content": "<p>Bonjour</p>"]
            #expect(try await harness.call(client, .post, lessons, token: other.token, json: lesson).status == 403)
            #expect(try await harness.call(client, .post, lessons, token: learner.token, json: lesson).status == 403)
            #expect(try await harness.call(client, .post, "/v1/academy/courses/\(course)/modules/\(foreignModule)/lessons",
                                           token: owner.token, json: lesson).status == 404, "a module of another course")
            let created = try await harness.call(client, .post, lessons, token: owner.token, json: lesson)
            #expect(created.status == 201)
            let lessonID = try #require((H.data(created.body)["lesson"] as? [String: Any])?["id"] as? String)
            let lessonPath = "\(lessons)/\(lessonID)"
            #expect(try await harness.call(client, .patch, lessonPath, token: other.token, json: ["title": "Volé"]).status == 403)
            #expect(try await harness.call(client, .patch, lessonPath, token: learner.token, json: ["title": "Volé"]).status == 403)
            #expect(try await harness.call(client, .patch, "\(lessons)/\(UUID().uuidString)", token: owner.token, json: ["title": "X"]).status == 404)
            let patched = try await harness.call(client, .patch, lessonPath, token: admin.token, json: ["title": "Introduction"])
            #expect(patched.status == 200)
            let body = try #require(H.data(patched.body)["lesson"] as? [String: Any])
            #expect(body["title"] as? String == "Introduction")
            #expect(body["content"] as? String == "<p>Bonjour</p>", "content not sent is unchanged")
        }
    }
}
