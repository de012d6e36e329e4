import Foundation
import HummingbirdTesting
import Testing
import TestSupport

/// `/courses/:id/faq`: read by anyone who can see the course, managed by its instructor and admins.
@Suite("Academy FAQ")
struct FAQTests {
    typealias H = AcademyHarness

    static func entry(_ reply: H.Reply) -> [String: Any] { H.data(reply.body)["entry"] as? [String: Any] ?? [:] }

    static func questions(_ harness: H, _ client: any TestClientProtocol, _ course: String, token: String? = nil) async throws -> [String]? {
        let reply = try await harness.call(client, .get, "/v1/academy/courses/\(course)/faq", token: token)
        return (H.data(reply.body)["faq"] as? [[String: Any]])?.compactMap { $0["question"] as? String }
    }

    @Test("add: owner and admin 201; another instructor or a learner 403; anonymous 401; unknown course 404; fields are checked")
    func addPermissions() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let other = try await harness.user(client, roles: [.academyInstructor])
            let learner = try await harness.user(client)
            let admin = try await harness.user(client, roles: [.admin])
            let course = try await harness.publishedCourse(client, token: owner.token)
            let path = "/v1/academy/courses/\(course.id)/faq"
            let json: [String: Any] = ["question": "Faut-il Excel 365 ?", "answer": "Non, 2016 suffit."]

            #expect(try await harness.call(client, .post, path, json: json).status == 401)
            #expect(try await harness.call(client, .post, path, token: other.token, json: json).status == 403)
            #expect(try await harness.call(client, .post, path, token: learner.token, json: json).status == 403)
            #expect(try await harness.call(client, .post, "/v1/academy/courses/\(UUID().uuidString)/faq", token: admin.token, json: json).status == 404)

            let created = try await harness.call(client, .post, path, token: owner.token, json: json)
            #expect(created.status == 201)
            #expect(Self.entry(created)["question"] as? String == "Faut-il Excel 365 ?")
            #expect(Self.entry(created)["answer"] as? String == "Non, 2016 suffit.")
            #expect(Self.entry(created)["course_id"] as? String == course.id)
            let byAdmin = try await harness.call(client, .post, path, token: admin.token, json: ["question": "Y a-t-il un certificat ?", "answer": "Oui."])
            #expect(byAdmin.status == 201)

            let cases: [([String: Any], Set<String>)] = [
                ([:], ["question", "answer"]), (["question": "Ok", "answer": "Oui"], ["question"]),
                (["question": "Une question ?"], ["answer"]), (["question": "Une question ?", "answer": "   "], ["answer"]),
                (["question": String(repeating: "q", count: 501), "answer": "Oui"], ["question"]),
            ]
            for (body, fields) in cases {
                let reply = try await harness.call(client, .post, path, token: owner.token, json: body)
                #expect(reply.status == 400, "\(body)")
                #expect(Set(H.fieldIssues(reply.body)) == fields, "\(body)")
            }
            #expect(try await Self.questions(harness, client, course.id) == ["Faut-il Excel 365 ?", "Y a-t-il un certificat ?"],
                    "anyone reads the entries, oldest first; rejected ones are not stored")
        }
    }

    @Test("a draft's FAQ is 404 to anonymous callers and learners, readable by its owner")
    func draftFAQ() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let learner = try await harness.user(client)
            let draft = try #require(try await harness.draft(client, token: owner.token)["id"] as? String)
            let path = "/v1/academy/courses/\(draft)/faq"
            #expect(try await harness.call(client, .post, path, token: owner.token, json: ["question": "Quand ?", "answer": "Bientôt."]).status == 201)
            #expect(try await harness.call(client, .get, path).status == 404)
            #expect(try await harness.call(client, .get, path, token: learner.token).status == 404)
            #expect(try await Self.questions(harness, client, draft, token: owner.token) == ["Quand ?"])
            #expect(try await harness.call(client, .get, path, token: "forged").status == 401)
        }
    }

    @Test("change and delete: owner and admin only (403 otherwise); an unknown entry or one of another course is 404")
    func changeAndDelete() async throws {
        try await H.run { harness, client in
            let owner = try await harness.user(client, roles: [.academyInstructor])
            let other = try await harness.user(client, roles: [.academyInstructor])
            let learner = try await harness.user(client)
            let admin = try await harness.user(client, roles: [.admin])
            let course = try await harness.publishedCourse(client, token: owner.token)
            let foreign = try await harness.publishedCourse(client, token: other.token)
            let created = try await harness.call(client, .post, "/v1/academy/courses/\(course.id)/faq", token: owner.token,
                                                 json: ["question": "Durée d'accès ?", "answer": "Un an."])
            let entry = try #require(Self.entry(created)["id"] as? String)
            let foreignCreated = try await harness.call(client, .post, "/v1/academy/courses/\(foreign.id)/faq", token: other.token,
                                                        json: ["question": "Autre cours ?", "answer": "Oui."])
            let foreignEntry = try #require(Self.entry(foreignCreated)["id"] as? String)
            let path = "/v1/academy/courses/\(course.id)/faq/\(entry)"

            #expect(try await harness.call(client, .patch, path, token: other.token, json: ["answer": "Volé"]).status == 403)
            #expect(try await harness.call(client, .patch, path, token: learner.token, json: ["answer": "Volé"]).status == 403)
            #expect(try await harness.call(client, .patch, path, json: ["answer": "Volé"]).status == 401)
            #expect(try await harness.call(client, .patch, "/v1/academy/courses/\(course.id)/faq/\(UUID().uuidString)", token: owner.token,
                                           json: ["answer": "Rien"]).status == 404)
            #expect(try await harness.call(client, .patch, "/v1/academy/courses/\(course.id)/faq/\(foreignEntry)", token: owner.token,
                                           json: ["answer": "Détourné"]).status == 404, "an entry of another course, through my course")
            let invalid = try await harness.call(client, .patch, path, token: owner.token, json: ["question": "?"])
            #expect(H.fieldIssues(invalid.body) == ["question"])

            let changed = try await harness.call(client, .patch, path, token: owner.token, json: ["answer": "À vie."])
            #expect(changed.status == 200)
            #expect(Self.entry(changed)["answer"] as? String == "À vie.")
            #expect(Self.entry(changed)["question"] as? String == "Durée d'accès ?", "a field not sent is unchanged")
            #expect(try await harness.call(client, .patch, path, token: admin.token, json: ["question": "Durée d'accès au cours ?"]).status == 200)
            #expect(try await Self.questions(harness, client, course.id) == ["Durée d'accès au cours ?"])

            #expect(try await harness.call(client, .delete, path, token: other.token).status == 403)
            #expect(try await harness.call(client, .delete, path, token: learner.token).status == 403)
            #expect(try await harness.call(client, .delete, "/v1/academy/courses/\(course.id)/faq/\(foreignEntry)", token: owner.token).status == 404)
            #expect(try await Self.questions(harness, client, foreign.id) == ["Autre cours ?"], "the other course's entry survives")
            let deleted = try await harness.call(client, .delete, path, token: owner.token)
            #expect(deleted.status == 200)
            #expect(H.data(deleted.body)["deleted"] as? Bool == true)
            #expect(try await Self.questions(harness, client, course.id) == [])
            #expect(try await harness.call(client, .delete, path, token: owner.token).status == 404)
            #expect(try await harness.call(client, .delete, "/v1/academy/courses/\(foreign.id)/faq/\(foreignEntry)", token: admin.token).status == 200)
        }
    }
}
