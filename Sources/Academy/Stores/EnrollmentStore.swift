import Foundation
import Pipeline
import Platform
import PostgresClient
import Stats

/// `academy.enrollments` and `academy.lesson_progress`. Enrolments and completions enqueue the
/// learning and stats commands in the same transaction (outbox), so they happen if and only if
/// the change is committed.
public struct EnrollmentStore: Sendable {
    let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    enum EnrollOutcome {
        case enrolled(Enrollment)
        case courseNotFound, accountSuspended, alreadyEnrolled, paymentRequired
    }

    func enroll(id: UUID, userID: UUID, courseID: UUID, actor: String) async throws -> EnrollOutcome {
        try await postgres.withTransaction { connection in
            guard let facts = try await LearnerFacts.load(userID: userID, courseID: courseID, on: connection),
                facts.courseStatus == .published
            else { return .courseNotFound }
            if facts.accountSuspended { return .accountSuspended }
            if facts.enrollment != nil { return .alreadyEnrolled }
            if !facts.hasPaid { return .paymentRequired }
            let inserted = try await connection.execute("""
                INSERT INTO academy.enrollments (id, user_id, course_id) VALUES (\(id), \(userID), \(courseID))
                ON CONFLICT (user_id, course_id) DO NOTHING
                """)
            // A concurrent request of the same learner won the race.
            guard inserted == 1 else { return .alreadyEnrolled }
            try await connection.execute("UPDATE academy.courses SET enrollments_count = enrollments_count + 1 WHERE id = \(courseID)")
            try await Self.announce(.enrolled, userID: userID, courseID: courseID, actor: actor, on: connection)
            guard let enrollment = try await Self.enrollment(userID: userID, courseID: courseID, on: connection) else {
                throw PostgresError(code: .invalidQuery)
            }
            return .enrolled(enrollment)
        }
    }

    func enrollments(userID: UUID, status: EnrollmentStatus?) async throws -> [Enrollment] {
        let filter: PostgresQuery = status.map { "AND e.status = \($0)" } ?? ""
        return try await postgres.query("""
            SELECT \(fragment: Enrollment.columns) FROM academy.enrollments e
            WHERE e.user_id = \(userID) \(fragment: filter) ORDER BY e.enrolled_at DESC, e.id LIMIT 500
            """).map(Enrollment.init(row:))
    }

    func enrollment(userID: UUID, courseID: UUID) async throws -> Enrollment? {
        try await Self.enrollment(userID: userID, courseID: courseID, on: postgres)
    }

    func lessonProgress(userID: UUID, courseID: UUID) async throws -> [LessonProgress] {
        try await postgres.query("""
            SELECT \(fragment: LessonProgress.columns) FROM academy.lesson_progress
            WHERE user_id = \(userID) AND course_id = \(courseID) ORDER BY updated_at, lesson_id
            """).map(LessonProgress.init(row:))
    }

    func lessonProgress(userID: UUID, lessonID: UUID) async throws -> LessonProgress? {
        try await postgres.query("""
            SELECT \(fragment: LessonProgress.columns) FROM academy.lesson_progress WHERE user_id = \(userID) AND lesson_id = \(lessonID)
            """).first.map(LessonProgress.init(row:))
    }

    /// Remembers the lesson a learner last opened (the "resume" link).
    func touch(userID: UUID, courseID: UUID, lessonID: UUID) async throws {
        try await postgres.execute("""
            UPDATE academy.enrollments SET last_accessed_lesson_id = \(lessonID), last_accessed_at = now()
            WHERE user_id = \(userID) AND course_id = \(courseID)
            """)
    }

    /// Records a learner's state on a lesson and recomputes the course progress
    /// (completed lessons / total lessons × 100); reaching 100 % completes the enrolment once.
    /// `quizScore` keeps the best score seen. Returns nil when the learner is not enrolled.
    func recordProgress(userID: UUID, courseID: UUID, lessonID: UUID, status: ProgressStatus, timeSpentSeconds: Int?,
                        quizScore: Double?, actor: String) async throws -> (LessonProgress, Enrollment)? {
        try await postgres.withTransaction { connection in
            try await Self.recordProgress(userID: userID, courseID: courseID, lessonID: lessonID, status: status,
                                          timeSpentSeconds: timeSpentSeconds, quizScore: quizScore, actor: actor, on: connection)
        }
    }

    static func recordProgress(userID: UUID, courseID: UUID, lessonID: UUID, status: ProgressStatus?, timeSpentSeconds: Int?,
                               quizScore: Double?, actor: String, on connection: some PostgresQueryable) async throws -> (LessonProgress, Enrollment)? {
        // Locks the enrolment row: two progress updates of one learner recount one after the other.
        let enrolled = try await connection.query("""
            SELECT completed_at IS NULL AS incomplete FROM academy.enrollments
            WHERE user_id = \(userID) AND course_id = \(courseID) FOR UPDATE
            """)
        guard let wasIncomplete = try enrolled.first?.decode(Bool.self, column: "incomplete") else { return nil }
        let rows = try await connection.query("""
            INSERT INTO academy.lesson_progress (user_id, lesson_id, course_id, status, time_spent_seconds, quiz_score)
            VALUES (\(userID), \(lessonID), \(courseID), \(status ?? .inProgress), \(timeSpentSeconds ?? 0), \(quizScore))
            ON CONFLICT (user_id, lesson_id) DO UPDATE SET
                status = COALESCE(\(status), academy.lesson_progress.status),
                time_spent_seconds = COALESCE(\(timeSpentSeconds), academy.lesson_progress.time_spent_seconds),
                quiz_score = GREATEST(academy.lesson_progress.quiz_score, EXCLUDED.quiz_score),
                updated_at = now()
            RETURNING \(fragment: LessonProgress.columns)
            """)
        guard let row = rows.first else { throw PostgresError(code: .invalidQuery) }
        let progress = try LessonProgress(row: row)
        let completion = try await connection.query("""
            UPDATE academy.enrollments e SET
                progress_percentage = p.percentage,
                status = CASE WHEN p.percentage >= 100 THEN 'completed' WHEN e.status = 'completed' THEN 'active' ELSE e.status END,
                completed_at = CASE WHEN p.percentage >= 100 THEN COALESCE(e.completed_at, now()) ELSE e.completed_at END,
                last_accessed_lesson_id = \(lessonID), last_accessed_at = now()
            FROM (
                SELECT CASE WHEN c.total_lessons = 0 THEN 0
                            ELSE LEAST(100, round(100.0 * (SELECT count(*) FROM academy.lesson_progress lp
                                                           JOIN academy.lessons l ON l.id = lp.lesson_id
                                                           WHERE lp.user_id = \(userID) AND lp.course_id = c.id
                                                             AND lp.status = 'completed') / c.total_lessons, 2)) END AS percentage
                FROM academy.courses c WHERE c.id = \(courseID)
            ) p
            WHERE e.user_id = \(userID) AND e.course_id = \(courseID)
            RETURNING p.percentage >= 100 AS complete
            """)
        if wasIncomplete, let row = completion.first, try row.decode(Bool.self, column: "complete") {
            try await announce(.completed, userID: userID, courseID: courseID, actor: actor, on: connection)
        }
        guard let enrollment = try await enrollment(userID: userID, courseID: courseID, on: connection) else { return nil }
        return (progress, enrollment)
    }

    static func enrollment(userID: UUID, courseID: UUID, on connection: some PostgresQueryable) async throws -> Enrollment? {
        try await connection.query("""
            SELECT \(fragment: Enrollment.columns) FROM academy.enrollments e WHERE e.user_id = \(userID) AND e.course_id = \(courseID)
            """).first.map(Enrollment.init(row:))
    }

    /// The follow-ups of a learner event: refresh their recommendations and the course stats.
    static func announce(_ cause: RefreshRecommendations.Cause, userID: UUID, courseID: UUID, actor: String,
                         on connection: some PostgresQueryable) async throws {
        try await Outbox.enqueue(RefreshRecommendations(userID: userID, cause: cause, courseID: courseID), actor: actor,
                                 traceparent: nil, on: connection)
        try await Outbox.enqueue(RefreshStats.academyCourses, actor: actor, traceparent: nil, on: connection)
    }
}
