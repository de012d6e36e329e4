import Platform
/// The rate-limit policies of the ingress, with their defaults and environment overrides.
///
/// | variable | default | applies to |
/// |---|---|---|
/// | `RATE_LIMIT_LOGIN` | `5/10m` | login, per client IP and, separately, per email |
/// | `RATE_LIMIT_REGISTER` | `5/1h` | registration, per client IP |
/// | `RATE_LIMIT_PASSWORD_RESET` | `5/1h` | password-reset requests, per client IP |
/// | `RATE_LIMIT_DEFAULT` | `600/1m` | every other request, per user (per IP when anonymous) |
///
/// Values are `<count>/<duration>`, the duration being an optional whole number and a unit
/// among `ms`, `s`, `m`, `h`, `d`: `5/10m`, `600/1m`, `3/2s`, `100/h`. The burst equals the count.
public struct RateLimitPolicies: Sendable, Hashable {
    /// Login attempts per client IP (`login-ip`).
    public var loginPerIP: RateLimitPolicy
    /// Login attempts per email, whatever the IP (`login-email`): slows credential stuffing
    /// spread over many addresses.
    public var loginPerEmail: RateLimitPolicy
    /// Registrations per client IP (`register`).
    public var register: RateLimitPolicy
    /// Password-reset requests per client IP (`password-reset`).
    public var passwordReset: RateLimitPolicy
    /// Every other request, per user or per IP when anonymous (`default`).
    public var defaultPolicy: RateLimitPolicy

    /// Sets `loginPerIP` and `loginPerEmail` (same limit, separate quotas).
    public static let loginVariable = "RATE_LIMIT_LOGIN"
    /// Sets `register`.
    public static let registerVariable = "RATE_LIMIT_REGISTER"
    /// Sets `passwordReset`.
    public static let passwordResetVariable = "RATE_LIMIT_PASSWORD_RESET"
    /// Sets `defaultPolicy`.
    public static let defaultVariable = "RATE_LIMIT_DEFAULT"

    /// The defaults of the table above.
    public init() {
        loginPerIP = RateLimitPolicy(name: "login-ip", limit: 5, period: .seconds(600))
        loginPerEmail = RateLimitPolicy(name: "login-email", limit: 5, period: .seconds(600))
        register = RateLimitPolicy(name: "register", limit: 5, period: .seconds(3_600))
        passwordReset = RateLimitPolicy(name: "password-reset", limit: 5, period: .seconds(3_600))
        defaultPolicy = RateLimitPolicy(name: "default", limit: 600, period: .seconds(60))
    }

    /// The defaults, overridden by whichever variables `environment` sets (blank counts as unset).
    /// - Throws: `ConfigurationError` naming the first malformed variable.
    public init(environment: [String: String]) throws(ConfigurationError) {
        self.init()
        func override(_ variable: String, _ policy: RateLimitPolicy) throws(ConfigurationError) -> RateLimitPolicy {
            let text = environment[variable]?.trimmingWhitespace ?? ""
            guard !text.isEmpty else { return policy }
            guard let parsed = Self.parse(text, name: policy.name) else {
                throw ConfigurationError(
                    variable: variable,
                    reason: "must be <count>/<duration> with a count of 1...1000000 and a duration of 1ms...30d"
                        + " (units ms, s, m, h, d), e.g. 5/10m")
            }
            return parsed
        }
        let login = try override(Self.loginVariable, loginPerIP)
        loginPerIP = login
        loginPerEmail = RateLimitPolicy(name: loginPerEmail.name, limit: login.limit, period: login.period)
        register = try override(Self.registerVariable, register)
        passwordReset = try override(Self.passwordResetVariable, passwordReset)
        defaultPolicy = try override(Self.defaultVariable, defaultPolicy)
    }

    /// Parses `<count>/<duration>` into a policy named `name`; nil when malformed or out of range.
    public static func parse(_ text: String, name: String) -> RateLimitPolicy? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2,
            let count = Int(parts[0].trimmingWhitespace), (1...1_000_000).contains(count),
            let period = duration(parts[1].trimmingWhitespace),
            period >= .milliseconds(1), period <= .seconds(30 * 86_400)
        else {
            return nil
        }
        return RateLimitPolicy(name: name, limit: count, period: period)
    }

    /// `10m`, `1h`, `h`, `500ms`… as a duration.
    private static func duration(_ text: String) -> Duration? {
        let digits = text.prefix(while: \.isASCIIDigit)
        let unit = text.dropFirst(digits.count)
        guard digits.count <= 9, let amount = digits.isEmpty ? 1 : Int64(digits) else { return nil }
        switch unit {
        case "ms": return .milliseconds(amount)
        case "s": return .seconds(amount)
        case "m": return .seconds(amount * 60)
        case "h": return .seconds(amount * 3_600)
        case "d": return .seconds(amount * 86_400)
        default: return nil
        }
    }

    // MARK: - Checks per endpoint

    /// Login: per client IP and per email, in one round trip. The email is trimmed; case is
    /// ignored by the key digest.
    public func loginChecks(ip: String, email: String) -> [RateLimitCheck] {
        [RateLimitCheck(loginPerIP, subject: ip), RateLimitCheck(loginPerEmail, subject: email.trimmingWhitespace)]
    }

    /// Registration: per client IP.
    public func registerChecks(ip: String) -> [RateLimitCheck] {
        [RateLimitCheck(register, subject: ip)]
    }

    /// Password-reset request: per client IP.
    public func passwordResetChecks(ip: String) -> [RateLimitCheck] {
        [RateLimitCheck(passwordReset, subject: ip)]
    }

    /// Any other request: per user when authenticated, else per client IP. The two kinds of
    /// subject are tagged so a user id can never share a quota with an IP.
    public func defaultChecks(userID: String?, ip: String) -> [RateLimitCheck] {
        [RateLimitCheck(defaultPolicy, subject: userID.map { "user:\($0)" } ?? "ip:\(ip)")]
    }
}

extension StringProtocol {
    fileprivate var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
