/// One reply of an SMTP server: a three-digit code and one or more lines of text (RFC 5321 §4.2).
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    /// The reply code, such as 250, 451 or 550.
    public let code: Int
    /// The text of each line, without the code and the separator after it.
    public let lines: [String]

    /// Creates a reply from its code and lines.
    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// The RFC 3463 enhanced status code of the first line (such as "5.1.1"), when the server sent one.
    public var enhancedStatus: String? {
        guard let first = lines.first else { return nil }
        let candidate = first.prefix { $0 != " " }
        let parts = candidate.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let classDigit = parts[0].first, parts[0].count == 1, "245".contains(classDigit),
              parts[1].count >= 1, parts[1].count <= 3, parts[1].allSatisfy(\.isASCIIDigit),
              parts[2].count >= 1, parts[2].count <= 3, parts[2].allSatisfy(\.isASCIIDigit)
        else { return nil }
        return String(candidate)
    }

    /// All lines joined with "\n", exactly as the server sent them (may contain addresses).
    public var text: String { lines.joined(separator: "\n") }

    /// 2xx: the command succeeded.
    public var isSuccess: Bool { (200..<300).contains(code) }
    /// 3xx: the server waits for more input (DATA's 354, AUTH's 334).
    public var isIntermediate: Bool { (300..<400).contains(code) }
    /// 4xx: a temporary failure; the same command may succeed later.
    public var isTransientFailure: Bool { (400..<500).contains(code) }
    /// 5xx: a permanent failure.
    public var isPermanentFailure: Bool { (500..<600).contains(code) }

    /// The code, enhanced status and first line, with anything that looks like an address
    /// replaced, so that it can be logged: servers often echo the recipient in their text.
    public var description: String {
        let first = (lines.first ?? "").redactingAddresses()
        return first.isEmpty ? "\(code)" : "\(code) \(first)"
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    /// Replaces every whitespace-separated word containing "@" so log lines carry no address.
    func redactingAddresses() -> String {
        // Most replies carry no address; Foundation's per-word `contains` made this a tenth of
        // an email's CPU.
        guard utf8.contains(UInt8(ascii: "@")) else { return self }
        return split(separator: " ", omittingEmptySubsequences: false)
            .map { $0.utf8.contains(UInt8(ascii: "@")) ? "[address]" : String($0) }
            .joined(separator: " ")
    }
}
