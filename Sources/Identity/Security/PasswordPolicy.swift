/// The rules a new password must satisfy. Pure logic: returns every violation at once so the
/// user can fix them in one go.
///
/// There is deliberately no maximum length: ``PasswordHasher`` pre-hashes passwords, so bcrypt's
/// 72-byte limit does not apply, and the HTTP body limit bounds the input.
public enum PasswordPolicy {
    /// Shortest accepted password, in user-perceived characters.
    public static let minimumLength = 8

    /// Which rule a password breaks; the raw value is the stable code sent to clients.
    public enum Rule: String, Sendable, Hashable, CaseIterable {
        case tooShort = "too_short"
        case missingUppercase = "missing_uppercase"
        case missingLowercase = "missing_lowercase"
        case missingDigit = "missing_digit"
        case matchesEmail = "matches_email"
    }

    /// One broken rule of one input field. The message never repeats the password.
    public struct Issue: Sendable, Hashable {
        /// The request field the issue is about, e.g. `password` or `new_password`.
        public let field: String
        /// The broken rule.
        public let rule: Rule
        /// An English sentence fragment for the user, e.g. "must contain a digit".
        public let message: String

        /// The stable machine-readable code, e.g. `missing_digit`.
        public var code: String { rule.rawValue }

        /// Creates an issue.
        public init(field: String, rule: Rule, message: String) {
            self.field = field
            self.rule = rule
            self.message = message
        }
    }

    /// Checks a new password.
    /// - Parameters:
    ///   - password: the proposed password.
    ///   - email: the account's email, if known; the password may not equal it or its local part,
    ///     ignoring case.
    ///   - field: the request field name to report issues under.
    /// - Returns: every violated rule, in a fixed order; empty when the password is acceptable.
    public static func validate(_ password: String, email: String?, field: String) -> [Issue] {
        var issues: [Issue] = []
        func report(_ rule: Rule, _ message: String) {
            issues.append(Issue(field: field, rule: rule, message: message))
        }

        // Characters, not bytes or code points: "é" typed either way counts once.
        if password.count < minimumLength {
            report(.tooShort, "must be at least \(minimumLength) characters long")
        }
        if !password.contains(where: \.isUppercase) {
            report(.missingUppercase, "must contain an upper-case letter")
        }
        if !password.contains(where: \.isLowercase) {
            report(.missingLowercase, "must contain a lower-case letter")
        }
        if !password.contains(where: \.isWholeNumber) {
            report(.missingDigit, "must contain a digit")
        }
        if let email, matchesEmail(password, email: email) {
            report(.matchesEmail, "must not be your email address")
        }
        return issues
    }

    private static func matchesEmail(_ password: String, email: String) -> Bool {
        let candidate = password.lowercased()
        let address = email.trimmingWhitespace().lowercased()
        guard !address.isEmpty else { return false }
        if candidate == address { return true }
        // The local part is what precedes the last "@" (quoted local parts may contain "@").
        guard let at = address.lastIndex(of: "@") else { return false }
        let localPart = address[..<at]
        return !localPart.isEmpty && candidate == localPart
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map(index(after:)) ?? start
        return String(self[start..<end])
    }
}
