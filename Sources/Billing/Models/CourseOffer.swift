import Foundation

/// What a purchase needs to know about a course: whether it is on sale and its price.
public struct CourseOffer: Sendable, Equatable {
    public var id: UUID
    public var title: String
    public var price: Int64
    public var currency: String
    public var published: Bool
}
