import Foundation
import Identity
import Ingress

/// The permission checks every Academy route shares: who may see a course, who may change it.
struct CourseGate: Sendable {
    let courses: CourseStore
    let enrollments: EnrollmentStore

    /// The course for a change: 404 when it does not exist, 403 unless the caller is its
    /// instructor or an admin.
    func managed(_ courseID: UUID, by principal: Principal) async throws -> Course {
        guard let course = try await courses.course(id: courseID) else { throw APIError.notFound("course") }
        guard course.isManaged(by: principal.userID, isAdmin: principal.has(.admin)) else { throw APIError.forbidden }
        return course
    }

    /// The course for reading: published courses to anyone; drafts to their instructor and
    /// admins; archived ones also to the learners enrolled before the archive. 404 otherwise,
    /// so a draft's existence does not leak.
    func visible(_ courseID: UUID, to principal: Principal?) async throws -> Course {
        guard let course = try await courses.course(id: courseID) else { throw APIError.notFound("course") }
        if course.status == .published { return course }
        if let principal {
            if course.isManaged(by: principal.userID, isAdmin: principal.has(.admin)) { return course }
            if course.status == .archived, try await enrollments.enrollment(userID: principal.userID, courseID: courseID) != nil {
                return course
            }
        }
        throw APIError.notFound("course")
    }

    func isManager(_ principal: Principal?, of course: Course) -> Bool {
        principal.map { course.isManaged(by: $0.userID, isAdmin: $0.has(.admin)) } ?? false
    }
}
