/// A mailbox: an address (`local@domain`) and an optional display name.
///
/// Local parts are dot-atoms (quoted local parts are refused); both parts may contain UTF-8
/// (RFC 6531), which then needs a server that offers SMTPUTF8. Domains are not converted to
/// punycode. Addresses are personal data: do not log them.
public struct MailAddress: Sendable, Hashable {
    /// The address, such as `ana@example.com`.
    public let address: String
    /// The name shown to people, such as `Ana Pérez`; any Unicode text.
    public let displayName: String?

    /// Creates a mailbox after checking the address.
    ///
    /// - Throws: ``SMTPError`` with code `.invalidAddress` (stage `.prepare`).
    public init(_ address: String, displayName: String? = nil) throws {
        guard Self.isValid(address) else {
            throw SMTPError(.invalidAddress, stage: .prepare, detail: "not a valid mailbox address")
        }
        if let displayName, displayName.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw SMTPError(.invalidAddress, stage: .prepare, detail: "display name contains control characters")
        }
        self.address = address
        self.displayName = displayName.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Parses the forms people write in settings such as `EMAIL_FROM`: `ana@example.com`,
    /// `<ana@example.com>`, `Ana Pérez <ana@example.com>` and `"Pérez, Ana" <ana@example.com>`.
    ///
    /// - Throws: ``SMTPError`` with code `.invalidAddress`.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingSpaces()
        guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else {
            try self.init(trimmed)
            return
        }
        let address = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        var name = String(trimmed[..<open]).trimmingSpaces()
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
            var unquoted = ""
            var escaped = false
            for character in name.dropFirst().dropLast() {
                if !escaped && character == "\\" {
                    escaped = true
                    continue
                }
                unquoted.append(character)
                escaped = false
            }
            name = unquoted
        }
        try self.init(String(address), displayName: name.isEmpty ? nil : name)
    }

    /// The part before the last "@".
    public var localPart: Substring {
        address.lastIndex(of: "@").map { address[..<$0] } ?? Substring(address)
    }

    /// The part after the last "@".
    public var domain: Substring {
        address.lastIndex(of: "@").map { address[address.index(after: $0)...] } ?? ""
    }

    /// Whether the address is plain ASCII; otherwise it needs SMTPUTF8.
    public var isASCII: Bool { address.utf8.allSatisfy { $0 < 0x80 } }

    /// RFC 5321 §4.1.2 Mailbox with a dot-atom local part, extended to UTF-8 by RFC 6531.
    static func isValid(_ address: String) -> Bool {
        guard address.utf8.count <= 254, let at = address.lastIndex(of: "@") else { return false }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        return isValidLocalPart(local) && isValidDomain(domain)
    }

    private static let atextSymbols = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)

    private static func isValidLocalPart(_ local: Substring) -> Bool {
        guard !local.isEmpty, local.utf8.count <= 64 else { return false }
        return local.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { atom in
            !atom.isEmpty && atom.unicodeScalars.allSatisfy { scalar in
                if scalar.isASCII {
                    return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || atextSymbols.contains(scalar)
                }
                return isPrintableNonASCII(scalar)
            }
        }
    }

    private static func isValidDomain(_ domain: Substring) -> Bool {
        guard !domain.isEmpty, domain.utf8.count <= 253 else { return false }
        if domain.hasPrefix("[") {
            guard domain.hasSuffix("]"), domain.count > 2 else { return false }
            return domain.dropFirst().dropLast().unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isASCIIHexDigit || $0 == "." || $0 == ":" || "IPv6".unicodeScalars.contains($0))
            }
        }
        return domain.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            guard !label.isEmpty, label.utf8.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-") else {
                return false
            }
            return label.unicodeScalars.allSatisfy { scalar in
                if scalar.isASCII {
                    return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-"
                }
                return isPrintableNonASCII(scalar)
            }
        }
    }

    private static func isPrintableNonASCII(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .unassigned,
             .privateUse, .surrogate:
            false
        default:
            true
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
