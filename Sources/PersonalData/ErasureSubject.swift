import Foundation

/// The user being erased, with what the stores need to find data not keyed by user id (the
/// email address in the delivery log and suppression list), captured before the user row was
/// anonymised.
public struct ErasureSubject: Sendable, Equatable {
    public let userID: UUID
    /// The address the account had when the erasure started (already lower-cased).
    public let email: String

    public init(userID: UUID, email: String) {
        self.userID = userID
        self.email = email
    }

    /// The anonymous address the user row gets: unique, and in the `.invalid` top-level domain
    /// (RFC 2606), so no mail can ever be delivered to it.
    public var anonymousEmail: String { "deleted-\(userID.uuidString.lowercased())@invalid" }

    /// How public content (reviews, course authorship) names an erased author.
    public static let displayName = "Utilisateur supprimé"
}
