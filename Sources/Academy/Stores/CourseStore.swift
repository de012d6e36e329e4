import Foundation
import PostgresClient

/// `academy.courses`: the catalogue, its search and the instructor's changes.
public struct CourseStore: Sendable {
    let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    public func course(id: UUID) async throws -> Course? {
        try await postgres.query("SELECT \(fragment: Course.columns) FROM academy.courses c WHERE c.id = \(id)")
            .first.map(Course.init(row:))
    }

    /// A new draft; the instructor's name is copied from their account (the seed denormalises it
    /// so listings need no join).
    func create(id: UUID, instructorID: UUID, _ fields: CourseChanges) async throws -> Course {
        let rows = try await postgres.query("""
            INSERT INTO academy.courses AS c (id, title, description, short_description, domain, stack, keywords, price_amount, currency,
                                         pricing_model, language, category, image_url, instructor_id, instructor_name)
            SELECT \(id), \(fields.title ?? ""), \(fields.description ?? ""), \(fields.shortDescription ?? ""),
                   \(fields.domain ?? .other), \(fields.stack ?? []), \(fields.keywords ?? []), \(fields.priceAmount ?? 0),
                   \(fields.currency ?? "EUR"), \(fields.pricingModel ?? .oneTime), \(fields.language ?? .french), \(fields.category),
                   \(fields.imageURL), u.id, u.first_name || ' ' || u.last_name
            FROM identity.users u WHERE u.id = \(instructorID)
            RETURNING \(fragment: Course.columns)
            """)
        guard let row = rows.first else { throw PostgresError(code: .invalidQuery) }
        return try Course(row: row)
    }

    /// Applies the given fields (nil = unchanged); nil when the course does not exist.
    func update(id: UUID, _ fields: CourseChanges) async throws -> Course? {
        try await postgres.query("""
            UPDATE academy.courses c SET
                title = COALESCE(\(fields.title), title),
                description = COALESCE(\(fields.description), description),
                short_description = COALESCE(\(fields.shortDescription), short_description),
                domain = COALESCE(\(fields.domain), domain),
                stack = COALESCE(\(fields.stack), stack),
                keywords = COALESCE(\(fields.keywords), keywords),
                price_amount = COALESCE(\(fields.priceAmount), price_amount),
                currency = COALESCE(\(fields.currency), currency),
                pricing_model = COALESCE(\(fields.pricingModel), pricing_model),
                language = COALESCE(\(fields.language), language),
                category = COALESCE(\(fields.category), category),
                image_url = COALESCE(\(fields.imageURL), image_url),
                updated_at = now()
            WHERE c.id = \(id)
            RETURNING \(fragment: Course.columns)
            """).first.map(Course.init(row:))
    }

    /// Publishes a course that has at least one module holding at least one lesson.
    /// - Returns: the course, or nil when it has no lesson yet (the caller answers 400).
    func publish(id: UUID) async throws -> Course? {
        try await postgres.query("""
            UPDATE academy.courses c SET status = 'published', published_at = COALESCE(c.published_at, now()), updated_at = now()
            WHERE c.id = \(id) AND EXISTS (SELECT 1 FROM academy.lessons l WHERE l.course_id = c.id)
            RETURNING \(fragment: Course.columns)
            """).first.map(Course.init(row:))
    }

    /// Archives (the seed's soft delete): enrolled learners keep their history and access.
    func archive(id: UUID) async throws {
        try await postgres.execute("UPDATE academy.courses SET status = 'archived', updated_at = now() WHERE id = \(id)")
    }

    /// One page of the public catalogue (published courses only).
    func page(_ query: CatalogueQuery) async throws -> CoursePage {
        var filter: PostgresQuery = "c.status = 'published'"
        if let domain = query.domain { filter = "\(fragment: filter) AND c.domain = \(domain)" }
        if let language = query.language { filter = "\(fragment: filter) AND c.language = \(language)" }
        if !query.stack.isEmpty {
            // Case-insensitive containment: every requested technology is in the course's stack.
            filter = "\(fragment: filter) AND ARRAY(SELECT lower(s) FROM unnest(c.stack) s) @> \(query.stack.map { $0.lowercased() })"
        }
        if let minimum = query.minPrice { filter = "\(fragment: filter) AND c.price_amount >= \(minimum)" }
        if let maximum = query.maxPrice { filter = "\(fragment: filter) AND c.price_amount <= \(maximum)" }
        if let rating = query.minRating { filter = "\(fragment: filter) AND c.average_rating >= \(rating)" }
        let rank: PostgresQuery
        if let search = query.search {
            // French and English stems match the prose; 'simple' matches keywords and stack as
            // written ("pandas", "dashboards"), which are indexed unstemmed.
            let terms: PostgresQuery = """
                (websearch_to_tsquery('french', academy.fold(\(search))) || websearch_to_tsquery('english', academy.fold(\(search)))
                 || websearch_to_tsquery('simple', academy.fold(\(search))))
                """
            filter = "\(fragment: filter) AND c.search_document @@ \(fragment: terms)"
            // ts_rank, not ts_rank_cd: cover density cost 3× the whole query on common terms,
            // and the A/B weights already rank title matches above description matches.
            rank = "ts_rank(c.search_document, \(fragment: terms))"
        } else {
            rank = "0"
        }
        // The filter runs once: matches keep only the sort keys (narrow rows), the page is cut
        // from them, and only the page's rows are read whole.
        let rows = try await postgres.query("""
            WITH matches AS MATERIALIZED (
                SELECT c.id, \(fragment: rank) AS rank, c.enrollments_count, c.average_rating, c.reviews_count, c.published_at,
                       c.created_at
                FROM academy.courses c WHERE \(fragment: filter)
            ), page AS (
                SELECT * FROM matches c ORDER BY \(fragment: query.ordering), c.id LIMIT \(query.limit) OFFSET \((query.page - 1) * query.limit)
            )
            SELECT \(fragment: Course.columns), page.rank, (SELECT count(*) FROM matches) AS total
            FROM page JOIN academy.courses c ON c.id = page.id
            ORDER BY \(fragment: query.ordering), c.id
            """)
        var total = try rows.first?.decode(Int.self, column: "total") ?? 0
        if rows.isEmpty, query.page > 1 { total = try await count(filter) }  // past the last page
        return CoursePage(courses: try rows.map(Course.init(row:)),
                          pagination: .init(page: query.page, limit: query.limit, total: total,
                                            pages: (total + query.limit - 1) / query.limit))
    }

    /// The instructor's own courses, every status, newest first.
    func courses(instructorID: UUID) async throws -> [Course] {
        try await postgres.query("""
            SELECT \(fragment: Course.columns) FROM academy.courses c WHERE c.instructor_id = \(instructorID)
            ORDER BY c.created_at DESC, c.id LIMIT 500
            """).map(Course.init(row:))
    }

    private func count(_ filter: PostgresQuery) async throws -> Int {
        try await postgres.query("SELECT count(*) AS total FROM academy.courses c WHERE \(fragment: filter)")
            .first?.decode(Int.self, column: "total") ?? 0
    }
}

/// A catalogue page in the seed's shape: `{courses, pagination: {page, limit, total, pages}}`.
struct CoursePage: Encodable, Sendable {
    struct Pagination: Encodable, Sendable {
        let page: Int
        let limit: Int
        let total: Int
        let pages: Int
    }

    let courses: [Course]
    let pagination: Pagination
}
