/// The subscription plans of Har Academy; their monthly prices come from `BillingSettings`.
public enum Plan: String, Sendable, Codable, CaseIterable, Hashable {
    case basic
    case pro
    case enterprise
}
