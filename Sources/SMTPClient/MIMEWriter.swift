import CivilCalendar
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
            return Array(text.utf8) + plain.body
        }
        let html = BodyEncoder.encode(htmlBody)
        let boundary = Self.makeBoundary(avoiding: [plain.body, html.body])
        text += "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"\r\n\r\n"
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + plain.body.count + html.body.count + 256)
        output += text.utf8
        output += "--\(boundary)\r\n".utf8
        output += "Content-Type: text/plain; charset=utf-8\r\n".utf8
        output += "Content-Transfer-Encoding: \(plain.encoding.rawValue)\r\n\r\n".utf8
        // The CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1), so one more
        // keeps each body's final line break.
        output += plain.body
        output += "\r\n--\(boundary)\r\n".utf8
        output += "Content-Type: text/html; charset=utf-8\r\n".utf8
        output += "Content-Transfer-Encoding: \(html.encoding.rawValue)\r\n\r\n".utf8
        output += html.body
        output += "\r\n--\(boundary)--\r\n".utf8
        return output
    }

    /// RFC 5322 §3.3 date-time with English names and a numeric zone, such as
    /// `Tue, 05 Mar 2024 09:07:03 +0100`; independent of the process locale.
    public static func formatDate(_ date: Date, timeZone: TimeZone) -> String {
        // Plain arithmetic on the civil calendar: Calendar.dateComponents cost more than the
        // rest of the header block together.
        let offset = timeZone.secondsFromGMT(for: date)
        let local = Int(date.timeIntervalSince1970.rounded(.down)) + offset
        let days = CivilDate.floorDivide(local, 86_400)
        let secondOfDay = local - days * 86_400
        let civil = CivilDate(daysSinceEpoch: days)
        let weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][civil.weekday]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][civil.month - 1]
        let minutes = abs(offset) / 60
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekday), \(two(civil.day)) \(month) \(civil.year) "
            + "\(two(secondOfDay / 3_600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) "
            + "\(offset < 0 ? "-" : "+")\(two(minutes / 60))\(two(minutes % 60))"
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
            } else if displayName.utf8.allSatisfy(isAtomOrSpace) {
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
    private static func isAtomOrSpace(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return " !#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
        }
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
    private static func makeBoundary(avoiding bodies: [[UInt8]]) -> String {
        while true {
            let boundary = "=_relais_" + Hex.random(byteCount: 12)
            let needle = Array(boundary.utf8)
            if !bodies.contains(where: { $0.containsSequence(needle) }) { return boundary }
        }
    }
}

private extension [UInt8] {
    func containsSequence(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
        return (0...(count - needle.count)).contains { start in
            self[start] == needle[0] && self[start..<(start + needle.count)].elementsEqual(needle)
        }
    }
}
