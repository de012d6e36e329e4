/// A rate-limit setting that cannot be used. The message names the environment variable and
/// the expected form; it does not repeat the value.
public struct RateLimitConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The environment variable at fault.
    public let variable: String
    /// What is wrong with it.
    public let reason: String

    /// Creates an error for `variable`.
    public init(variable: String, reason: String) {
        self.variable = variable
        self.reason = reason
    }

    public var description: String { "\(variable): \(reason)" }
}
