import Foundation
import PostgresClient

/// The synthetic Academy catalogues of the benchmark, written with set-based SQL (seconds, not
/// minutes) and removed afterwards. Ids are derived from a row number so the data is the same
/// on every run; a marker category keeps them apart from anything else in the database.
enum AcademyBenchData {
    static let category = "bench-academy"
    static let instructorID = UUID(uuidString: "b0000000-0000-4000-8000-000000000001")!

    /// `count` published courses over 12 subjects in French and English.
    static func catalogue(_ postgres: PostgresClient, count: Int, clusters: Int = 12) async throws {
        try await removeAll(postgres)
        try await postgres.execute("""
            INSERT INTO identity.users (id, email, first_name, last_name)
            VALUES (\(instructorID), 'bench-academy-instructor@example.test', 'Bench', 'Instructor')
            """)
        try await postgres.execute("""
            WITH subjects (n, fr, en, domain, stack) AS (VALUES
                (0, 'tableaux croisés dynamiques', 'pivot tables', 'Excel', ARRAY['Excel']),
                (1, 'macros VBA', 'VBA macros', 'Excel', ARRAY['Excel', 'VBA']),
                (2, 'formules avancées', 'advanced formulas', 'Excel', ARRAY['Excel']),
                (3, 'régression linéaire', 'linear regression', 'R', ARRAY['R', 'Tidyverse']),
                (4, 'visualisation de données avec ggplot2', 'data visualization with ggplot2', 'R', ARRAY['R', 'ggplot2']),
                (5, 'statistiques descriptives', 'descriptive statistics', 'R', ARRAY['R']),
                (6, 'analyse de données avec pandas', 'data analysis with pandas', 'Python', ARRAY['Python', 'pandas']),
                (7, 'apprentissage automatique', 'machine learning', 'Python', ARRAY['Python', 'scikit-learn']),
                (8, 'extraction de données du web', 'web scraping', 'Python', ARRAY['Python', 'requests']),
                (9, 'séries temporelles', 'time series', 'Python', ARRAY['Python', 'statsmodels']),
                (10, 'tableaux de bord', 'dashboards', 'Other', ARRAY['Power BI']),
                (11, 'requêtes SQL', 'SQL queries', 'Other', ARRAY['SQL'])),
            levels (n, fr, en) AS (VALUES (0, 'Introduction aux', 'Introduction to'), (1, 'Maîtriser les', 'Mastering'),
                                          (2, 'Projets pratiques :', 'Hands-on projects:'), (3, 'Les bases des', 'Fundamentals of'))
            INSERT INTO academy.courses (id, title, description, short_description, keywords, stack, domain, language, status,
                                         instructor_id, instructor_name, enrollments_count, average_rating, reviews_count,
                                         category, published_at, price_amount, total_lessons)
            SELECT \(fragment: courseID("i")),
                   CASE WHEN i % 2 = 0 THEN l.fr || ' ' || s.fr ELSE l.en || ' ' || s.en END || ' #' || i,
                   CASE WHEN i % 2 = 0
                        THEN 'Un cours complet sur les ' || s.fr || ' : des exercices corrigés, des études de cas réelles et un projet final.'
                        ELSE 'A complete course on ' || s.en || ': solved exercises, real case studies and a final project.' END,
                   CASE WHEN i % 2 = 0 THEN s.fr ELSE s.en END,
                   ARRAY[s.en, s.fr], s.stack, s.domain, CASE WHEN i % 2 = 0 THEN 'fr' ELSE 'en' END, 'published',
                   \(instructorID), 'Bench Instructor', (i * 7919) % 500, 3 + ((i * 31) % 20) / 10.0, (i * 13) % 50,
                   \(category), now() - (i || ' minutes')::interval, ((i * 17) % 5) * 1000, 10
            FROM generate_series(0, \(count - 1)) AS i
            JOIN subjects s ON s.n = i % \(clusters)
            JOIN levels l ON l.n = (i / \(clusters)) % 4
            """)
    }

    /// `users` learners, each with `perUser` enrolments mostly in two of the catalogue's
    /// subjects (hidden taste clusters), and the co-enrolment counts the worker would have
    /// maintained for them.
    static func learners(_ postgres: PostgresClient, users: Int, courses: Int, perUser: Int, clusters: Int = 12) async throws {
        try await postgres.execute("""
            INSERT INTO identity.users (id, email, first_name, last_name, language)
            SELECT \(fragment: userID("u")), 'bench-academy-' || u || '@example.test', 'Learner', 'N' || u,
                   CASE WHEN u % 2 = 0 THEN 'fr' ELSE 'en' END
            FROM generate_series(0, \(users - 1)) AS u
            """)
        let perCluster = courses / clusters
        // Seven in ten enrolments in the learner's main subject, the rest in a second one.
        try await postgres.execute("""
            INSERT INTO academy.enrollments (id, user_id, course_id, status, progress_percentage, enrolled_at)
            SELECT DISTINCT ON (u, c) gen_random_uuid(), \(fragment: userID("u")), \(fragment: courseID("c")),
                   CASE WHEN j % 3 = 0 THEN 'completed' ELSE 'active' END, CASE WHEN j % 3 = 0 THEN 100 ELSE 40 END,
                   now() - ((\(perUser) - j) || ' days')::interval
            FROM generate_series(0, \(users - 1)) AS u, generate_series(1, \(perUser)) AS j,
                 LATERAL (SELECT CASE WHEN j * 10 <= \(perUser) * 7 THEN u % \(clusters) ELSE (u * 7 + 3) % \(clusters) END AS cluster) k,
                 LATERAL (SELECT k.cluster + \(clusters) * ((u * 13 + j * j * 17) % \(perCluster)) AS c) pick
            ON CONFLICT DO NOTHING
            """)
        try await postgres.execute("""
            UPDATE academy.courses c SET enrollments_count = n.learners
            FROM (SELECT course_id, count(*) AS learners FROM academy.enrollments GROUP BY course_id) n
            WHERE c.id = n.course_id AND c.category = \(category)
            """)
        try await postgres.execute("""
            INSERT INTO academy.course_pairs (course_a, course_b, learners)
            SELECT a.course_id, b.course_id, count(*)
            FROM academy.enrollments a JOIN academy.enrollments b ON a.user_id = b.user_id AND a.course_id < b.course_id
            JOIN academy.courses ca ON ca.id = a.course_id AND ca.category = \(category)
            GROUP BY a.course_id, b.course_id
            """)
    }

    /// The learners' ids, in order.
    static func learnerIDs(_ postgres: PostgresClient) async throws -> [UUID] {
        try await postgres.query("SELECT id FROM identity.users WHERE email LIKE 'bench-academy-%@example.test' AND id <> \(instructorID) ORDER BY id")
            .map { try $0.decode(UUID.self, column: "id") }
    }

    static func removeAll(_ postgres: PostgresClient) async throws {
        try await postgres.execute("DELETE FROM academy.courses WHERE category = \(category)")
        try await postgres.execute("DELETE FROM identity.users WHERE email LIKE 'bench-academy-%@example.test'")
    }

    private static func courseID(_ column: StaticString) -> PostgresQuery {
        "('b1000000-0000-4000-8000-' || lpad(to_hex(\(unescaped: column)), 12, '0'))::uuid"
    }

    private static func userID(_ column: StaticString) -> PostgresQuery {
        "('b2000000-0000-4000-8000-' || lpad(to_hex(\(unescaped: column)), 12, '0'))::uuid"
    }
}
