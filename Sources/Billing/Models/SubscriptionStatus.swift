/// A subscription's state in Relais. `pending` until the provider reports the first payment;
/// Stripe's statuses map onto these (`trialing` → active, `canceled` → cancelled, `unpaid` and
/// `past_due` → past_due, `incomplete_expired` → expired).
public enum SubscriptionStatus: String, Sendable, Codable, CaseIterable {
    case pending
    case active
    case pastDue = "past_due"
    case paused
    case cancelled
    case expired

    /// The Relais status for a Stripe subscription status; nil for a value Stripe may add later.
    public init?(stripeStatus: String) {
        switch stripeStatus {
        case "active", "trialing": self = .active
        case "past_due", "unpaid": self = .pastDue
        case "paused": self = .paused
        case "canceled": self = .cancelled
        case "incomplete": self = .pending
        case "incomplete_expired": self = .expired
        default: return nil
        }
    }
}
