/// A configuration problem found at startup. The message names the environment variable so the
/// operator knows what to fix; it never repeats the value, which may be a secret.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The environment variable at fault.
    public let variable: String
    /// What is wrong with it, in words an operator understands.
    public let reason: String

    public init(variable: String, reason: String) {
        self.variable = variable
        self.reason = reason
    }

    public var description: String { "\(variable): \(reason)" }
}
