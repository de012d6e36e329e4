import Foundation

/// What a user may open: courses bought (and not refunded), plus the subscription-priced
/// courses while a subscription is active.
public struct Entitlements: Sendable, Codable, Equatable {
    public var userID: UUID
    public var courses: [UUID]
    public var subscription: Subscription?
}
