/// Why an email is sent, which decides how the sender treats it.
///
/// Security emails (account verification, credentials, second factor) must reach the user
/// even when they opted out of everything else; transactional emails follow an action the
/// user took or a service they use.
public enum EmailCategory: String, CaseIterable, Codable, Sendable {
    /// Account access and credentials.
    case security
    /// Bookings, consultations, payments and personal-data requests.
    case transactional
}
