/// Whether an account may sign in.
public enum UserStatus: String, Sendable, Codable, CaseIterable {
    case active
    /// Blocked by an admin; sessions were revoked.
    case suspended
    /// Erased or closed; never signs in again.
    case deleted
}
