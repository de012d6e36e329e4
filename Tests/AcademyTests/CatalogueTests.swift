import Foundation
import HummingbirdTesting
import Testing
import TestSupport

/// `GET /v1/academy/courses`: filters, full-text search, sorting and pages. Every test searches
/// for an invented word only its own courses carry, so rows of concurrent tests never show up.
@Suite("Academy catalogue")
struct CatalogueTests {
    typealias H = AcademyHarness

    /// The course ids of a catalogue page, in order.
    static func ids(_ reply: H.Reply) -> [String] {
        (H.data(reply.body)["courses"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    static func pagination(_ reply: H.Reply) -> [String: Int] {
        (H.data(reply.body)["pagination"] as? [String: Any] ?? [:]).compactMapValues { $0 as? Int }
    }

    static func search(_ harness: H, _ client: any TestClientProtocol, _ query: [(String, String)]) async throws -> H.Reply {
        try await harness.call(client, .get, H.uri("/v1/academy/courses", query))
    }

    @Test("every filter narrows the published courses: domain, language, stack (all, any case), price bounds, minimum rating")
    func filters() async throws {
        try await H.run { harness, client in
            let token = H.word()
            let excel = try await harness.insertCourse(title: "Excel \(token)", domain: "Excel", language: "fr", stack: ["Excel", "Power Query"],
                                                       price: 0, rating: 4.5)
            let pandas = try await harness.insertCourse(title: "Pandas \(token)", domain: "Python", language: "en", stack: ["Python", "pandas"],
                                                        price: 4900, rating: 3.5)
            let sql = try await harness.insertCourse(title: "SQL \(token)", domain: "Python", language: "fr", stack: ["python", "SQL"],
                                                     price: 9900, rating: 4.8)
            try await harness.insertCourse(title: "Brouillon \(token)", status: "draft", domain: "Python")
            try await harness.insertCourse(title: "Archive \(token)", status: "archived", domain: "Python")

            let cases: [([(String, String)], Set<UUID>)] = [
                ([], [excel, pandas, sql]),
                ([("domain", "Python")], [pandas, sql]),
                ([("language", "en")], [pandas]),
                ([("stack", "PYTHON")], [pandas, sql]),
                ([("stack", "python,sql")], [sql]),
                ([("stack", "Python, Pandas")], [pandas]),
                ([("stack", "power query")], [excel]),
                ([("min_price", "1")], [pandas, sql]),
                ([("max_price", "4900")], [excel, pandas]),
                ([("min_price", "4900"), ("max_price", "4900")], [pandas]),
                ([("min_rating", "4")], [excel, sql]),
                ([("domain", "Python"), ("language", "fr"), ("min_rating", "4.6")], [sql]),
                ([("domain", "R")], []),
            ]
            for (filters, expected) in cases {
                let reply = try await Self.search(harness, client, [("search", token)] + filters)
                #expect(reply.status == 200, "\(filters)")
                #expect(reply.body["success"] as? Bool == true, "\(filters)")
                #expect(Set(Self.ids(reply)) == Set(expected.map { $0.uuidString }), "\(filters)")
                #expect(Self.pagination(reply)["total"] == expected.count, "\(filters)")
            }

            let listed = try await Self.search(harness, client, [("search", token), ("language", "en")])
            let course = try #require((H.data(listed.body)["courses"] as? [[String: Any]])?.first)
            let price = try #require(course["price"] as? [String: Any])
            #expect(price["amount"] as? Int == 4900)
            #expect(price["currency"] as? String == "EUR")
            #expect(price["pricing_model"] as? String == "one-time")
            #expect(course["stack"] as? [String] == ["Python", "pandas"])
            #expect(course["status"] as? String == "published")
        }
    }

    @Test("pages: limit and page slice the results, total and pages count all of them, a page past the end is empty but keeps the total")
    func pagination() async throws {
        try await H.run { harness, client in
            let token = H.word()
            var all: Set<String> = []
            for index in 1...5 {
                all.insert(try await harness.insertCourse(title: "Cours \(index) \(token)", enrollments: index).uuidString)
            }
            var seen: [String] = []
            for (page, count) in [(1, 2), (2, 2), (3, 1)] {
                let reply = try await Self.search(harness, client, [("search", token), ("limit", "2"), ("page", "\(page)")])
                #expect(reply.status == 200)
                #expect(Self.ids(reply).count == count, "page \(page)")
                #expect(Self.pagination(reply) == ["page": page, "limit": 2, "total": 5, "pages": 3], "page \(page)")
                seen += Self.ids(reply)
            }
            #expect(seen.count == 5)
            #expect(Set(seen) == all, "the pages cover every course once")

            let past = try await Self.search(harness, client, [("search", token), ("limit", "2"), ("page", "4")])
            #expect(Self.ids(past).isEmpty)
            #expect(Self.pagination(past) == ["page": 4, "limit": 2, "total": 5, "pages": 3])

            let defaults = try await Self.search(harness, client, [("search", token)])
            #expect(Self.pagination(defaults) == ["page": 1, "limit": 10, "total": 5, "pages": 1])
        }
    }

    @Test("sort_by orders by enrolments (popular), publication (newest) or rating; a search alone ranks title matches first")
    func sorting() async throws {
        try await H.run { harness, client in
            let token = H.word()
            let a = try await harness.insertCourse(title: "Alpha \(token)", enrollments: 5, rating: 4.9, reviews: 3, publishedSecondsAgo: 7_200)
            let b = try await harness.insertCourse(title: "Bravo \(token)", enrollments: 50, rating: 3.0, reviews: 9, publishedSecondsAgo: 10_800)
            let c = try await harness.insertCourse(title: "Charlie \(token)", enrollments: 20, rating: 4.0, reviews: 1, publishedSecondsAgo: 3_600)
            let expected: [(String, [UUID])] = [("popular", [b, c, a]), ("newest", [c, a, b]), ("rating", [a, c, b])]
            for (order, ids) in expected {
                let reply = try await Self.search(harness, client, [("search", token), ("sort_by", order)])
                #expect(reply.status == 200)
                #expect(Self.ids(reply) == ids.map { $0.uuidString }, "sort_by=\(order)")
            }

            // Relevance: the word in the title (weight A) beats the word only in the description,
            // even for a course with many more learners.
            let relevance = H.word()
            let inDescription = try await harness.insertCourse(title: "Autre sujet", description: "On y parle de \(relevance).", enrollments: 900)
            let inTitle = try await harness.insertCourse(title: "Maîtriser \(relevance)", enrollments: 1)
            let ranked = try await Self.search(harness, client, [("search", relevance)])
            #expect(Self.ids(ranked) == [inTitle, inDescription].map { $0.uuidString })
        }
    }

    @Test("search folds French accents both ways and matches French and English word forms; every word must match")
    func fullTextSearch() async throws {
        try await H.run { harness, client in
            let token = H.word()
            let pivot = try await harness.insertCourse(title: "Tableaux croisés dynamiques \(token)",
                                                       description: "Analyse des donnees de ventes.", domain: "Excel")
            let reports = try await harness.insertCourse(title: "Running weekly reports \(token)", domain: "Excel", language: "en")
            let found: [(String, [UUID])] = [
                ("tableaux croises \(token)", [pivot]),
                ("TABLEAUX CROISÉS \(token)", [pivot]),
                ("tableau croisé \(token)", [pivot]),
                ("données \(token)", [pivot]),
                ("run report \(token)", [reports]),
                ("reporting \(token)", [reports]),
                ("tableaux introuvablement \(token)", []),
            ]
            for (text, expected) in found {
                let reply = try await Self.search(harness, client, [("search", text)])
                #expect(reply.status == 200, "\(text)")
                #expect(Set(Self.ids(reply)) == Set(expected.map { $0.uuidString }), "search=\(text)")
            }
            let both = try await Self.search(harness, client, [("search", token)])
            #expect(Set(Self.ids(both)) == Set([pivot, reports].map { $0.uuidString }))
        }
    }

    @Test("a course is found by a keyword or technology it lists, including plural ones")
    func searchByKeyword() async throws {
        try await H.run { harness, client in
            let token = H.word()
            let course = try await harness.insertCourse(title: "Analyse \(token)", stack: ["Python"], keywords: ["pandas", "dashboards"])
            for text in ["python \(token)", "pandas \(token)", "dashboards \(token)", "pandas analyse \(token)"] {
                let reply = try await Self.search(harness, client, [("search", text)])
                #expect(Self.ids(reply) == [course.uuidString], "search=\(text)")
            }
        }
    }

    @Test("invalid query parameters are 400 naming the parameter; an invalid bearer token is 401 even on the public catalogue")
    func invalidParameters() async throws {
        try await H.run { harness, client in
            let cases: [([(String, String)], String)] = [
                ([("page", "0")], "page"), ([("page", "x")], "page"), ([("limit", "0")], "limit"), ([("limit", "101")], "limit"),
                ([("domain", "Java")], "domain"), ([("language", "de")], "language"), ([("stack", " , ")], "stack"),
                ([("min_price", "-1")], "min_price"), ([("max_price", "cher")], "max_price"),
                ([("min_price", "500"), ("max_price", "100")], "max_price"), ([("min_rating", "5.5")], "min_rating"),
                ([("search", "   ")], "search"), ([("search", String(repeating: "a", count: 201))], "search"),
                ([("sort_by", "cheapest")], "sort_by"),
            ]
            for (query, field) in cases {
                let reply = try await Self.search(harness, client, query)
                #expect(reply.status == 400, "\(query)")
                #expect(reply.body["success"] as? Bool == false, "\(query)")
                #expect(((reply.body["error"] as? [String: Any])?["details"] as? [[String: Any]])?.first?["issue"] as? String != nil, "\(query)")
                #expect(H.errorCode(reply.body) == "validation_failed", "\(query)")
                #expect(H.fieldIssues(reply.body) == [field], "\(query)")
            }
            let several = try await Self.search(harness, client, [("limit", "500"), ("domain", "Cobol")])
            #expect(Set(H.fieldIssues(several.body)) == ["limit", "domain"])
            #expect(try await Self.search(harness, client, [("limit", "100")]).status == 200)

            let forged = try await harness.call(client, .get, "/v1/academy/courses", token: "not-a-token")
            #expect(forged.status == 401)
            let signedIn = try await harness.user(client)
            #expect(try await harness.call(client, .get, "/v1/academy/courses?limit=1", token: signedIn.token).status == 200)
        }
    }
}
