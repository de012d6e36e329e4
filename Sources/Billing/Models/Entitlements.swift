import Foundation

/// What a user may open: courses bought (and not refunded), plus the subscription-priced
/// courses while a subscription is active.
public struct Entitlements: Sendable, Codable, Equatable {
    public var userID: UUID
    public var courses: [UUID]
    /// The active subscription; `null` in JSON when there is none (clients test for it).
    public var subscription: Subscription?

    private enum CodingKeys: String, CodingKey {
        case userID, courses, subscription
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(userID, forKey: .userID)
        try container.encode(courses, forKey: .courses)
        try container.encode(subscription, forKey: .subscription)
    }
}
