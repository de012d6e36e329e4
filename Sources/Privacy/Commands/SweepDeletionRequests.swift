import Foundation
import Pipeline

/// The daily sweep: emits `EraseUser` for every deletion request whose grace period is over.
public struct SweepDeletionRequests: Command, Equatable {
    public static let commandType = CommandType("SweepDeletionRequests", topic: "privacy.requests")

    /// The scheduler slot this sweep belongs to (informational).
    public var slot: Date

    public init(slot: Date) {
        self.slot = slot
    }

    public var orderingKey: String { "sweep" }
}
