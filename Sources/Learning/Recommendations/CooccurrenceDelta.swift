import Foundation

/// The count changes one enrollment (or withdrawal) causes, for the worker to apply to its
/// tables in one transaction, e.g.
/// `INSERT … ON CONFLICT (first, second) DO UPDATE SET count = count + $increment`.
public struct CooccurrenceDelta: Sendable, Equatable {
    /// One pair's change.
    public struct PairIncrement: Sendable, Equatable {
        public let pair: CoursePair
        /// +1 for an enrollment, −1 for a withdrawal.
        public let increment: Int
    }

    /// The course whose learner count changes.
    public let course: UUID
    /// +1, −1, or 0 when the change is a no-op (already enrolled, not enrolled).
    public let learnerIncrement: Int
    /// Sorted by pair (byte order of `first`, then `second`) so that concurrent transactions
    /// lock rows in the same order.
    public let pairIncrements: [PairIncrement]

    /// A delta that changes nothing.
    public var isEmpty: Bool { learnerIncrement == 0 && pairIncrements.isEmpty }
}
