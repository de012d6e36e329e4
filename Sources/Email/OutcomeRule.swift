/// One row of the SMTP outcome table: which replies it matches and what they mean.
///
/// A rule matches when every condition it sets holds: the reply code lies in `codes`, the
/// enhanced status code (RFC 3463) starts with `enhancedStatusPrefix`, and the reply text
/// contains `textContains` (case-insensitive).
public struct OutcomeRule: Sendable, Equatable {
    public var name: String
    public var codes: ClosedRange<Int>
    public var enhancedStatusPrefix: String?
    public var textContains: String?
    public var outcome: DeliveryOutcome
    /// Put the recipient on the suppression list for this long (`nil`: do not suppress).
    public var suppressFor: Duration?

    public init(_ name: String, codes: ClosedRange<Int>, enhancedStatusPrefix: String? = nil, textContains: String? = nil,
                outcome: DeliveryOutcome, suppressFor: Duration? = nil) {
        self.name = name
        self.codes = codes
        self.enhancedStatusPrefix = enhancedStatusPrefix
        self.textContains = textContains
        self.outcome = outcome
        self.suppressFor = suppressFor
    }

    func matches(code: Int, enhancedStatus: String?, text: String) -> Bool {
        guard codes.contains(code) else { return false }
        if let prefix = enhancedStatusPrefix {
            // "5.1.1" must not match "5.1.10": compare whole dotted parts.
            guard let status = enhancedStatus, status == prefix || status.hasPrefix(prefix + ".") else { return false }
        }
        if let needle = textContains, !text.lowercased().contains(needle.lowercased()) { return false }
        return true
    }
}
