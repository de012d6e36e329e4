/// A course price: `amount` in minor units of `currency` (4900 + EUR = 49,00 €), like every
/// amount in Relais (docs/billing.md). 0 is a free course.
public struct CoursePrice: Sendable, Codable, Equatable {
    public var amount: Int64
    public var currency: String
    public var pricingModel: PricingModel

    public var isFree: Bool { amount == 0 }
}
