import Foundation

/// Typed access to environment variables, read once at startup.
///
/// Every getter either returns a valid value (the variable's or the dev default) or throws a
/// `ConfigurationError` naming the variable. Values are never echoed back in errors.
public struct EnvironmentReader: Sendable {
    /// Every variable, for readers that parse a group of them themselves.
    public let values: [String: String]

    /// - Parameter values: the environment; defaults to the process environment.
    public init(_ values: [String: String] = ProcessInfo.processInfo.environment) {
        self.values = values
    }

    /// The raw value, with surrounding whitespace removed; empty counts as unset.
    public func raw(_ name: String) -> String? {
        guard let value = values[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            return nil
        }
        return value
    }

    public func string(_ name: String, default fallback: String) -> String {
        raw(name) ?? fallback
    }

    /// A value that has no dev default: missing stops startup.
    public func required(_ name: String) throws -> String {
        guard let value = raw(name) else {
            throw ConfigurationError(variable: name, reason: "is required but not set")
        }
        return value
    }

    public func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = raw(name) else { return fallback }
        guard let value = Int(text) else {
            throw ConfigurationError(variable: name, reason: "must be an integer")
        }
        guard range.contains(value) else {
            throw ConfigurationError(variable: name, reason: "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    public func port(_ name: String, default fallback: Int) throws -> Int {
        try integer(name, default: fallback, range: 0...65535)
    }

    public func milliseconds(_ name: String, default fallback: Int, range: ClosedRange<Int> = 1...3_600_000) throws -> Duration {
        .milliseconds(try integer(name, default: fallback, range: range))
    }

    public func boolean(_ name: String, default fallback: Bool) throws -> Bool {
        guard let text = raw(name)?.lowercased() else { return fallback }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(variable: name, reason: "must be true or false")
        }
    }

    /// A comma-separated list; blanks are dropped.
    public func list(_ name: String, default fallback: [String]) -> [String] {
        guard let text = raw(name) else { return fallback }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A URL whose scheme must be one of `schemes` and which must name a host.
    public func url(_ name: String, default fallback: String, schemes: Set<String>) throws -> URL {
        let text = raw(name) ?? fallback
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), schemes.contains(scheme),
              let host = url.host, !host.isEmpty
        else {
            let expected = schemes.sorted().map { "\($0)://" }.joined(separator: " or ")
            throw ConfigurationError(variable: name, reason: "must be a URL starting with \(expected) and naming a host")
        }
        return url
    }
}
