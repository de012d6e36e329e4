import Foundation
import Pipeline

/// "Erase this user now": emitted by the daily sweep for requests past their grace period, or
/// by an admin. Keyed by user id, so an export and an erasure of one user never overlap.
public struct EraseUser: Command, Equatable {
    public static let commandType = CommandType("EraseUser", topic: "privacy.requests")

    public var userID: UUID
    /// The deletion request this erasure completes.
    public var requestID: UUID

    public init(userID: UUID, requestID: UUID) {
        self.userID = userID
        self.requestID = requestID
    }

    public var orderingKey: String { userID.uuidString.lowercased() }
}
