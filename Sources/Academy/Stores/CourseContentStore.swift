import Foundation
import PostgresClient

/// `academy.modules` and `academy.lessons`. Every lesson change recounts the course's
/// `total_lessons` and `total_duration_seconds` in the same transaction.
public struct CourseContentStore: Sendable {
    let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    func modules(courseID: UUID) async throws -> [CourseModule] {
        try await postgres.query("""
            SELECT \(fragment: CourseModule.columns) FROM academy.modules WHERE course_id = \(courseID) ORDER BY position, created_at, id
            """).map(CourseModule.init(row:))
    }

    func module(id: UUID, courseID: UUID) async throws -> CourseModule? {
        try await postgres.query("""
            SELECT \(fragment: CourseModule.columns) FROM academy.modules WHERE id = \(id) AND course_id = \(courseID)
            """).first.map(CourseModule.init(row:))
    }

    func addModule(id: UUID, courseID: UUID, title: String, description: String, order: Int) async throws -> CourseModule {
        let rows = try await postgres.query("""
            INSERT INTO academy.modules (id, course_id, title, description, position)
            VALUES (\(id), \(courseID), \(title), \(description), \(order))
            RETURNING \(fragment: CourseModule.columns)
            """)
        guard let row = rows.first else { throw PostgresError(code: .invalidQuery) }
        return try CourseModule(row: row)
    }

    /// The course's modules, each with its lessons in order (the course detail page).
    func outline(courseID: UUID) async throws -> [CourseModule] {
        var modules = try await modules(courseID: courseID)
        let lessons = try await lessons(courseID: courseID, moduleID: nil)
        let byModule = Dictionary(grouping: lessons, by: \.moduleID)
        for index in modules.indices { modules[index].lessons = byModule[modules[index].id] ?? [] }
        return modules
    }

    /// Lesson summaries of a course (or one of its modules), in module then lesson order.
    func lessons(courseID: UUID, moduleID: UUID?) async throws -> [LessonSummary] {
        let columns: PostgresQuery = """
            l.id, l.module_id, l.course_id, l.title, l.description, l.type, l.position, l.video_duration_seconds, l.quiz_id
            """
        let moduleFilter: PostgresQuery = moduleID.map { "AND l.module_id = \($0)" } ?? ""
        return try await postgres.query("""
            SELECT \(fragment: columns) FROM academy.lessons l JOIN academy.modules m ON m.id = l.module_id
            WHERE l.course_id = \(courseID) \(fragment: moduleFilter)
            ORDER BY m.position, m.created_at, m.id, l.position, l.created_at, l.id
            """).map(LessonSummary.init(row:))
    }

    public func lesson(id: UUID) async throws -> Lesson? {
        try await postgres.query("SELECT \(fragment: Lesson.columns) FROM academy.lessons WHERE id = \(id)").first.map(Lesson.init(row:))
    }

    func lesson(id: UUID, courseID: UUID) async throws -> Lesson? {
        try await postgres.query("""
            SELECT \(fragment: Lesson.columns) FROM academy.lessons WHERE id = \(id) AND course_id = \(courseID)
            """).first.map(Lesson.init(row:))
    }

    /// Every lesson's study text of a course, for quizzes and the FAQ chat.
    public func studyTexts(courseID: UUID) async throws -> [(lessonID: UUID, title: String, text: String)] {
        try await postgres.query("""
            SELECT id, title, concat_ws(E'\\n', content, video_transcript) AS text FROM academy.lessons
            WHERE course_id = \(courseID) ORDER BY id
            """).map { row in
            (try row.decode(UUID.self, column: "id"), try row.decode(String.self, column: "title"), try row.decode(String.self, column: "text"))
        }
    }

    func addLesson(id: UUID, courseID: UUID, moduleID: UUID, _ fields: LessonChanges) async throws -> Lesson {
        try await postgres.withTransaction { connection in
            let rows = try await connection.query("""
                INSERT INTO academy.lessons (id, module_id, course_id, title, description, type, position, video_url,
                                             video_duration_seconds, video_transcript, video_thumbnail_url, content)
                VALUES (\(id), \(moduleID), \(courseID), \(fields.title ?? ""), \(fields.description ?? ""), \(fields.type ?? .text),
                        \(fields.order ?? 1), \(fields.videoURL), \(fields.videoDurationSeconds), \(fields.videoTranscript),
                        \(fields.videoThumbnailURL), \(fields.content))
                RETURNING \(fragment: Lesson.columns)
                """)
            guard let row = rows.first else { throw PostgresError(code: .invalidQuery) }
            try await Self.recount(courseID: courseID, on: connection)
            return try Lesson(row: row)
        }
    }

    func updateLesson(id: UUID, courseID: UUID, moduleID: UUID, _ fields: LessonChanges) async throws -> Lesson? {
        try await postgres.withTransaction { connection in
            let rows = try await connection.query("""
                UPDATE academy.lessons SET
                    title = COALESCE(\(fields.title), title),
                    description = COALESCE(\(fields.description), description),
                    type = COALESCE(\(fields.type), type),
                    position = COALESCE(\(fields.order), position),
                    video_url = COALESCE(\(fields.videoURL), video_url),
                    video_duration_seconds = COALESCE(\(fields.videoDurationSeconds), video_duration_seconds),
                    video_transcript = COALESCE(\(fields.videoTranscript), video_transcript),
                    video_thumbnail_url = COALESCE(\(fields.videoThumbnailURL), video_thumbnail_url),
                    content = COALESCE(\(fields.content), content),
                    updated_at = now()
                WHERE id = \(id) AND course_id = \(courseID) AND module_id = \(moduleID)
                RETURNING \(fragment: Lesson.columns)
                """)
            guard let row = rows.first else { return nil }
            try await Self.recount(courseID: courseID, on: connection)
            return try Lesson(row: row)
        }
    }

    static func recount(courseID: UUID, on connection: some PostgresQueryable) async throws {
        try await connection.execute("""
            UPDATE academy.courses c SET
                total_lessons = (SELECT count(*) FROM academy.lessons WHERE course_id = c.id),
                total_duration_seconds = (SELECT COALESCE(sum(video_duration_seconds), 0) FROM academy.lessons WHERE course_id = c.id),
                updated_at = now()
            WHERE c.id = \(courseID)
            """)
    }
}
