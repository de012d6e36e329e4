import Foundation

/// Two distinct courses in a canonical order (`first` < `second` in byte order, as PostgreSQL
/// compares `uuid`), so a pair has one key whichever course was taken first.
public struct CoursePair: Sendable, Hashable, Codable {
    public let first: UUID
    public let second: UUID

    /// `nil` when both are the same course.
    public init?(_ a: UUID, _ b: UUID) {
        guard a != b else { return nil }
        if UUID.precedesInByteOrder(a, b) {
            (first, second) = (a, b)
        } else {
            (first, second) = (b, a)
        }
    }

    /// Whether `course` is one of the two.
    public func contains(_ course: UUID) -> Bool {
        first == course || second == course
    }
}
