import Foundation

/// How many learners took each course and each pair of courses: the data of item-to-item
/// collaborative filtering, maintained one enrollment at a time.
///
/// The worker either keeps a value up to date with `addEnrollment`/`removeEnrollment`, or
/// stores the counts in SQL and applies `CooccurrenceDelta`s, loading them back with
/// `init(learnerCounts:pairCounts:)` when the recommender is rebuilt.
public struct CourseCooccurrence: Sendable, Equatable {
    /// Learners per course (n_i).
    public private(set) var learnerCounts: [UUID: Int]
    /// Learners per pair of courses (co(i, j)); pairs never taken together are absent.
    public private(set) var pairCounts: [CoursePair: Int]

    public init(learnerCounts: [UUID: Int] = [:], pairCounts: [CoursePair: Int] = [:]) {
        self.learnerCounts = learnerCounts
        self.pairCounts = pairCounts
    }

    /// The changes caused by a learner enrolling in `newCourse` while enrolled in
    /// `existingCourses`: +1 for the course and for each pair with an existing course.
    /// Empty when `existingCourses` already contains `newCourse`; duplicates are ignored.
    public static func delta(forEnrollmentIn newCourse: UUID, existingCourses: [UUID]) -> CooccurrenceDelta {
        delta(for: newCourse, otherCourses: existingCourses, sign: 1)
    }

    /// The changes caused by a learner leaving `course` (refund, removal) while staying in
    /// `remainingCourses`: the exact inverse of the enrollment's delta.
    public static func delta(forWithdrawalFrom course: UUID, remainingCourses: [UUID]) -> CooccurrenceDelta {
        delta(for: course, otherCourses: remainingCourses, sign: -1)
    }

    /// Records an enrollment (see `delta(forEnrollmentIn:existingCourses:)`).
    public mutating func addEnrollment(existingCourses: [UUID], newCourse: UUID) {
        apply(Self.delta(forEnrollmentIn: newCourse, existingCourses: existingCourses))
    }

    /// Records a withdrawal (see `delta(forWithdrawalFrom:remainingCourses:)`).
    public mutating func removeEnrollment(remainingCourses: [UUID], course: UUID) {
        apply(Self.delta(forWithdrawalFrom: course, remainingCourses: remainingCourses))
    }

    /// Applies a delta; counts that reach zero are removed.
    public mutating func apply(_ delta: CooccurrenceDelta) {
        guard !delta.isEmpty else { return }
        Self.add(delta.learnerIncrement, to: &learnerCounts, key: delta.course)
        for change in delta.pairIncrements { Self.add(change.increment, to: &pairCounts, key: change.pair) }
    }

    /// Learners who took `course` (n_i).
    public func learnerCount(of course: UUID) -> Int {
        learnerCounts[course] ?? 0
    }

    /// Learners who took both courses (co(i, j)).
    public func coEnrollmentCount(_ a: UUID, _ b: UUID) -> Int {
        CoursePair(a, b).flatMap { pairCounts[$0] } ?? 0
    }

    /// Cosine similarity of the two courses' learner sets: co(i, j) / √(n_i · n_j); 0 when
    /// either has no learner.
    public func cosine(_ a: UUID, _ b: UUID) -> Double {
        let product = Double(learnerCount(of: a)) * Double(learnerCount(of: b))
        return product > 0 ? Double(coEnrollmentCount(a, b)) / product.squareRoot() : 0
    }

    private static func delta(for course: UUID, otherCourses: [UUID], sign: Int) -> CooccurrenceDelta {
        guard !otherCourses.contains(course) else {
            return CooccurrenceDelta(course: course, learnerIncrement: 0, pairIncrements: [])
        }
        let pairs = Set(otherCourses.compactMap { CoursePair(course, $0) })
            .map { (first: $0.first.byteOrderKey, second: $0.second.byteOrderKey, pair: $0) }
            .sorted { ($0.first, $0.second) < ($1.first, $1.second) }
        return CooccurrenceDelta(
            course: course, learnerIncrement: sign,
            pairIncrements: pairs.map { CooccurrenceDelta.PairIncrement(pair: $0.pair, increment: sign) })
    }

    private static func add<Key: Hashable>(_ increment: Int, to counts: inout [Key: Int], key: Key) {
        let value = (counts[key] ?? 0) + increment
        counts[key] = value > 0 ? value : nil
    }
}
