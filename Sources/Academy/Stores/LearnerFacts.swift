import Foundation
import PostgresClient

/// What decides whether a learner may enrol in a course or open its lessons, read in one round
/// trip: the course's state and price, the account's state, the enrolment, and the entitlement
/// from Billing (a purchase, or an active subscription for a subscription-priced course).
struct LearnerFacts: Sendable {
    let courseStatus: CourseStatus
    let isFree: Bool
    let instructorID: UUID?
    let accountSuspended: Bool
    let enrollment: EnrollmentStatus?
    let entitled: Bool

    /// Paid content opens with an entitlement; a free course needs none.
    var hasPaid: Bool { isFree || entitled }

    /// nil when the course does not exist.
    static func load(userID: UUID, courseID: UUID, on connection: some PostgresQueryable) async throws -> LearnerFacts? {
        let rows = try await connection.query("""
            SELECT c.status, c.price_amount = 0 AS free, c.instructor_id,
                   (SELECT status = 'suspended' FROM identity.users WHERE id = \(userID)) AS suspended,
                   (SELECT status FROM academy.enrollments WHERE user_id = \(userID) AND course_id = c.id) AS enrollment,
                   EXISTS (SELECT 1 FROM billing.entitlements WHERE user_id = \(userID) AND course_id = c.id)
                   OR (c.pricing_model = 'subscription'
                       AND EXISTS (SELECT 1 FROM billing.subscriptions WHERE user_id = \(userID) AND status = 'active')) AS entitled
            FROM academy.courses c WHERE c.id = \(courseID)
            """)
        guard let row = rows.first else { return nil }
        return LearnerFacts(courseStatus: try row.decode(CourseStatus.self, column: "status"),
                            isFree: try row.decode(Bool.self, column: "free"),
                            instructorID: try row.decode(UUID?.self, column: "instructor_id"),
                            accountSuspended: try row.decode(Bool?.self, column: "suspended") ?? false,
                            enrollment: try row.decode(EnrollmentStatus?.self, column: "enrollment"),
                            entitled: try row.decode(Bool.self, column: "entitled"))
    }
}
