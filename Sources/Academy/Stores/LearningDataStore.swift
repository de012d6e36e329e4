import Foundation
import PostgresClient

/// What the learning worker reads to recommend: the catalogue, a learner's history and the
/// co-enrolment counts, and where it maintains those counts.
public struct LearningDataStore: Sendable {
    let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    /// One course as the recommender sees it.
    public struct CatalogueCourse: Sendable {
        public let id: UUID
        public let title: String
        public let description: String
        public let keywords: [String]
        public let stack: [String]
        public let domain: String
        public let language: String
        public let isPublished: Bool
        public let enrollments: Int
        public let averageRating: Double
    }

    /// A learner's history: enrolled courses, the completed ones, and how much of each domain
    /// they studied (the sum of their progress in it, in courses: 1.0 = one course finished).
    public struct LearnerRecord: Sendable {
        public let enrolled: [UUID]
        public let completed: Set<UUID>
        public let domainWeights: [String: Double]
        public let language: String?
    }

    /// Changes whenever a course is added or changed: the worker rebuilds its catalogue model
    /// only then.
    public func catalogueVersion() async throws -> String {
        let row = try await postgres.query("""
            SELECT count(*) AS courses, COALESCE(max(updated_at), 'epoch') AS changed FROM academy.courses
            """).first
        return "\(try row?.decode(Int.self, column: "courses") ?? 0)@\(try row?.decode(Date.self, column: "changed").timeIntervalSince1970 ?? 0)"
    }

    /// Every course, drafts and archived ones included (never recommended, but a learner's
    /// archived course still says what they like).
    public func catalogue() async throws -> [CatalogueCourse] {
        try await postgres.query("""
            SELECT id, title, description || ' ' || short_description AS description, keywords, stack, domain, language,
                   status = 'published' AS published, enrollments_count, average_rating
            FROM academy.courses ORDER BY id
            """).map { row in
            CatalogueCourse(id: try row.decode(UUID.self, column: "id"), title: try row.decode(String.self, column: "title"),
                            description: try row.decode(String.self, column: "description"),
                            keywords: try row.decode([String].self, column: "keywords"), stack: try row.decode([String].self, column: "stack"),
                            domain: try row.decode(String.self, column: "domain"), language: try row.decode(String.self, column: "language"),
                            isPublished: try row.decode(Bool.self, column: "published"),
                            enrollments: try row.decode(Int.self, column: "enrollments_count"),
                            averageRating: try row.decode(Double.self, column: "average_rating"))
        }
    }

    /// nil when the learner does not exist (erased since the command was issued).
    public func learner(_ userID: UUID) async throws -> LearnerRecord? {
        let rows = try await postgres.query("""
            SELECT u.language, e.course_id, e.status = 'completed' AS completed, e.progress_percentage, c.domain
            FROM identity.users u
            LEFT JOIN academy.enrollments e ON e.user_id = u.id
            LEFT JOIN academy.courses c ON c.id = e.course_id
            WHERE u.id = \(userID) ORDER BY e.enrolled_at, e.course_id
            """)
        guard let first = rows.first else { return nil }
        var enrolled: [UUID] = []
        var completed = Set<UUID>()
        var domains: [String: Double] = [:]
        for row in rows {
            guard let course = try row.decode(UUID?.self, column: "course_id") else { continue }
            enrolled.append(course)
            if try row.decode(Bool.self, column: "completed") { completed.insert(course) }
            // An enrolment counts a little before any progress: it states an interest.
            let progress = try row.decode(Double.self, column: "progress_percentage") / 100
            domains[try row.decode(String.self, column: "domain"), default: 0] += 0.25 + progress
        }
        return LearnerRecord(enrolled: enrolled, completed: completed, domainWeights: domains,
                             language: try first.decode(String?.self, column: "language"))
    }

    /// The collaborative-filtering counts around `courses`: every pair that involves one of
    /// them, and the learner count of every course in those pairs.
    public func cooccurrence(around courses: [UUID]) async throws -> (learners: [UUID: Int], pairs: [(UUID, UUID, Int)]) {
        guard !courses.isEmpty else { return ([:], []) }
        let rows = try await postgres.query("""
            SELECT p.course_a, p.course_b, p.learners, a.enrollments_count AS learners_a, b.enrollments_count AS learners_b
            FROM (
                -- Two index lookups (a pair stores its smaller id first); an OR would scan the table.
                SELECT * FROM academy.course_pairs WHERE course_a = ANY(\(courses))
                UNION
                SELECT * FROM academy.course_pairs WHERE course_b = ANY(\(courses))
            ) p
            JOIN academy.courses a ON a.id = p.course_a JOIN academy.courses b ON b.id = p.course_b
            """)
        var learners: [UUID: Int] = [:]
        var pairs: [(UUID, UUID, Int)] = []
        pairs.reserveCapacity(rows.count)
        for row in rows {
            let a = try row.decode(UUID.self, column: "course_a")
            let b = try row.decode(UUID.self, column: "course_b")
            learners[a] = try row.decode(Int.self, column: "learners_a")
            learners[b] = try row.decode(Int.self, column: "learners_b")
            pairs.append((a, b, try row.decode(Int.self, column: "learners")))
        }
        return (learners, pairs)
    }

    /// Counts a new enrolment in the pairs it forms with the learner's earlier courses (inside
    /// the worker's inbox transaction, so a redelivered command counts once). Pairing only with
    /// earlier enrolments counts each pair once even when two enrolments' commands are handled
    /// after both rows exist.
    public static func addEnrollmentPairs(userID: UUID, courseID: UUID, on connection: some PostgresQueryable) async throws {
        try await connection.execute("""
            WITH newest AS (SELECT id, enrolled_at FROM academy.enrollments WHERE user_id = \(userID) AND course_id = \(courseID))
            INSERT INTO academy.course_pairs (course_a, course_b, learners)
            SELECT LEAST(e.course_id, \(courseID)), GREATEST(e.course_id, \(courseID)), 1
            FROM academy.enrollments e, newest
            WHERE e.user_id = \(userID) AND e.course_id <> \(courseID) AND (e.enrolled_at, e.id) < (newest.enrolled_at, newest.id)
            ON CONFLICT (course_a, course_b) DO UPDATE SET learners = academy.course_pairs.learners + 1
            """)
    }
}
