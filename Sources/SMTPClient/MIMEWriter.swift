import Foundation

/// Renders a ``MailMessage`` to the RFC 5322 bytes sent after DATA.
///
/// Lines end in CRLF and stay within 78 characters except where an address is longer; headers
/// with non-ASCII text use RFC 2047 encoded-words; bodies are `text/plain` / `text/html` in
/// UTF-8, as 7bit, quoted-printable or base64 so the result is 7-bit except for non-ASCII
/// addresses (which need SMTPUTF8). Dot-stuffing is the transport's job, not the writer's.
public struct MIMEWriter: Sendable {
    /// The zone the `Date` header is written in.
    public var timeZone: TimeZone

    /// Creates a writer; dates are written in UTC unless another zone is given.
    public init(timeZone: TimeZone = TimeZone(secondsFromGMT: 0) ?? .current) {
        self.timeZone = timeZone
    }

    /// Header names the writer produces, which extra headers may not repeat.
    private static let reservedHeaders: Set<String> = [
        "date", "from", "to", "cc", "bcc", "reply-to", "subject", "message-id", "mime-version",
        "content-type", "content-transfer-encoding",
    ]

    /// The message as bytes.
    ///
    /// - Throws: ``SMTPError`` with code `.invalidMessage` for an unusable Message-ID, an extra
    ///   header that is malformed or replaces a standard one, or a message without recipients.
    public func render(_ message: MailMessage) throws -> [UInt8] {
        guard !message.to.isEmpty else {
            throw SMTPError(.invalidMessage, stage: .prepare, detail: "message has no To address")
        }
        guard Self.isValidMessageID(message.messageID) else {
            throw SMTPError(.invalidMessage, stage: .prepare, detail: "Message-ID must be printable ASCII of the form id@domain")
        }
        var text = "Date: \(Self.formatDate(message.date, timeZone: timeZone))\r\n"
        text += Self.addressField("From", [message.from])
        text += Self.addressField("To", message.to)
        if let replyTo = message.replyTo {
            text += Self.addressField("Reply-To", [replyTo])
        }
        let subject = String(String.UnicodeScalarView(message.subject.unicodeScalars.map { $0 == "\r" || $0 == "\n" ? " " : $0 }))
        text += Self.unstructuredField("Subject", subject)
        text += "Message-ID: <\(message.messageID)>\r\n"
        text += "MIME-Version: 1.0\r\n"
        for header in message.headers {
            try Self.validate(header)
            text += Self.unstructuredField(header.name, header.value)
        }
        let plain = BodyEncoder.encode(message.textBody)
        guard let htmlBody = message.htmlBody else {
            text += "Content-Type: text/plain; charset=utf-8\r\n"
            text += "Content-Transfer-Encoding: \(plain.encoding.rawValue)\r\n\r\n"
            text += plain.body
            return Array(text.utf8)
        }
        let html = BodyEncoder.encode(htmlBody)
        let boundary = Self.makeBoundary(avoiding: [plain.body, html.body])
        text += "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"\r\n\r\n"
        text += "--\(boundary)\r\n"
        text += "Content-Type: text/plain; charset=utf-8\r\n"
        text += "Content-Transfer-Encoding: \(plain.encoding.rawValue)\r\n\r\n"
        // The CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1), so one more
        // keeps each body's final line break.
        text += plain.body + "\r\n"
        text += "--\(boundary)\r\n"
        text += "Content-Type: text/html; charset=utf-8\r\n"
        text += "Content-Transfer-Encoding: \(html.encoding.rawValue)\r\n\r\n"
        text += html.body + "\r\n"
        text += "--\(boundary)--\r\n"
        return Array(text.utf8)
    }

    /// RFC 5322 §3.3 date-time with English names and a numeric zone, such as
    /// `Tue, 05 Mar 2024 09:07:03 +0100`; independent of the process locale.
    public static func formatDate(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute, .second], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let day = days[((parts.weekday ?? 1) - 1 + 7) % 7]
        let month = months[((parts.month ?? 1) - 1 + 12) % 12]
        let offset = timeZone.secondsFromGMT(for: date) / 60
        let sign = offset < 0 ? "-" : "+"
        func two(_ value: Int?) -> String {
            let value = value ?? 0
            return value < 10 ? "0\(value)" : "\(value)"
        }
        return "\(day), \(two(parts.day)) \(month) \(parts.year ?? 1970) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) "
            + "\(sign)\(two(abs(offset) / 60))\(two(abs(offset) % 60))"
    }

    private static func addressField(_ name: String, _ addresses: [MailAddress]) -> String {
        var folder = HeaderFolder(name: name)
        for (index, mailbox) in addresses.enumerated() {
            let separator = index < addresses.count - 1 ? "," : ""
            guard let displayName = mailbox.displayName else {
                folder.append(mailbox.address + separator)
                continue
            }
            if EncodedWordEncoder.needsEncoding(displayName) {
                folder.appendEncoded(displayName, phrase: true)
            } else if displayName.allSatisfy(isAtomOrSpace) {
                for word in displayName.split(separator: " ") {
                    folder.append(String(word))
                }
            } else {
                let escaped = displayName.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
                folder.append("\"\(escaped)\"")
            }
            folder.append("<\(mailbox.address)>" + separator)
        }
        return folder.rendered
    }

    private static func unstructuredField(_ name: String, _ value: String) -> String {
        var folder = HeaderFolder(name: name)
        if EncodedWordEncoder.needsEncoding(value) {
            folder.appendEncoded(value, phrase: false)
        } else {
            for word in value.split(separator: " ", omittingEmptySubsequences: false) {
                folder.append(String(word))
            }
        }
        return folder.rendered
    }

    /// RFC 5322 atext, which a display name may use unquoted.
    private static func isAtomOrSpace(_ character: Character) -> Bool {
        guard character.isASCII else { return false }
        return character.isLetter || character.isNumber || " !#$%&'*+-/=?^_`{|}~".contains(character)
    }

    private static func validate(_ header: MailMessage.Header) throws {
        let validName = !header.name.isEmpty && header.name.utf8.count <= 76
            && header.name.utf8.allSatisfy { (0x21...0x7E).contains($0) && $0 != UInt8(ascii: ":") }
        guard validName, !reservedHeaders.contains(header.name.lowercased()) else {
            throw SMTPError(.invalidMessage, stage: .prepare, detail: "extra header name is malformed or reserved")
        }
        // Scalars, not Characters: "\r\n" is one Character and equals neither "\r" nor "\n".
        guard !header.value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) else {
            // A line break would let a value inject headers or a body.
            throw SMTPError(.invalidMessage, stage: .prepare, detail: "extra header value contains a line break")
        }
    }

    private static func isValidMessageID(_ id: String) -> Bool {
        let parts = id.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && id.utf8.count <= 900
            && id.utf8.allSatisfy { (0x21...0x7E).contains($0) && !"<>()\\\",;:[]".utf8.contains($0) }
    }

    /// "=_" cannot occur in quoted-printable or base64 output, and the random part makes a
    /// clash with 7bit text practically impossible; the check makes it impossible.
    private static func makeBoundary(avoiding bodies: [String]) -> String {
        while true {
            let boundary = "=_relais_" + Hex.random(byteCount: 12)
            if !bodies.contains(where: { $0.contains(boundary) }) { return boundary }
        }
    }
}
