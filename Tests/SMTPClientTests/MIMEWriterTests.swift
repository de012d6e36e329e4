import Foundation
import TestSupport
import Testing
@testable import SMTPClient

@Suite("MIME writer")
struct MIMEWriterTests {
    private func render(_ message: MailMessage, timeZone: TimeZone = TimeZone(secondsFromGMT: 0) ?? .current) throws -> String {
        String(decoding: try MIMEWriter(timeZone: timeZone).render(message), as: UTF8.self)
    }

    private func message(subject: String = "Hi", text: String = "Hello\n", html: String? = nil) throws -> MailMessage {
        MailMessage(
            from: try MailAddress("ana@relais.test", displayName: "Ana"),
            to: [try MailAddress("bo@relais.test")],
            subject: subject, textBody: text, htmlBody: html,
            messageID: "fixed-id@relais.test",
            date: Date(timeIntervalSince1970: 1_709_626_023)  // 2024-03-05 08:07:03 UTC
        )
    }

    private func headerBlock(_ rendered: String) -> String {
        String(rendered.split(separator: "\r\n\r\n", maxSplits: 1).first ?? "")
    }

    /// The logical header lines with folding undone (RFC 5322 §2.2.3).
    private func unfoldedHeaders(_ rendered: String) -> [String] {
        headerBlock(rendered).replacing("\r\n ", with: " ").components(separatedBy: "\r\n")
    }

    @Test("Date is RFC 5322 with English names and a numeric zone, whatever the zone")
    func dateFormat() {
        let date = Date(timeIntervalSince1970: 1_709_626_023)
        #expect(MIMEWriter.formatDate(date, timeZone: TimeZone(secondsFromGMT: 0) ?? .current) == "Tue, 05 Mar 2024 08:07:03 +0000")
        #expect(MIMEWriter.formatDate(date, timeZone: TimeZone(secondsFromGMT: 3600) ?? .current) == "Tue, 05 Mar 2024 09:07:03 +0100")
        #expect(MIMEWriter.formatDate(date, timeZone: TimeZone(secondsFromGMT: -19_800) ?? .current) == "Tue, 05 Mar 2024 02:37:03 -0530")
    }

    @Test("the Date arithmetic agrees with Foundation's calendar across leap years, centuries and before 1970")
    func dateArithmeticMatchesCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? .current
        let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var generator = SystemRandomNumberGenerator()
        // Day boundaries of 1900-03-01, 2000-02-29 and 2100-03-01 (not a leap year), plus random instants.
        let fixed: [Double] = [-2_203_891_200, -2_203_891_201, 951_782_400, 951_868_799, 4_107_542_400, 0, -1]
        let instants = fixed + (0..<2_000).map { _ in Double(Int64.random(in: -4_000_000_000...8_000_000_000, using: &generator)) }
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            let parts = calendar.dateComponents([.year, .month, .day, .weekday, .hour, .minute, .second], from: date)
            func two(_ value: Int?) -> String { String(format: "%02d", value ?? -1) }
            let expected = "\(names[(parts.weekday ?? 1) - 1]), \(two(parts.day)) \(months[(parts.month ?? 1) - 1]) \(parts.year ?? 0) "
                + "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
            #expect(MIMEWriter.formatDate(date, timeZone: calendar.timeZone) == expected, "at \(seconds)")
        }
    }

    @Test("the header block has Date, Message-ID in angle brackets and MIME-Version")
    func standardHeaders() throws {
        let headers = unfoldedHeaders(try render(try message()))
        #expect(headers.contains("Date: Tue, 05 Mar 2024 08:07:03 +0000"))
        #expect(headers.contains("Message-ID: <fixed-id@relais.test>"))
        #expect(headers.contains("MIME-Version: 1.0"))
        #expect(headers.contains("From: Ana <ana@relais.test>"))
        #expect(headers.contains("To: bo@relais.test"))
        #expect(headers.contains("Content-Type: text/plain; charset=utf-8"))
        #expect(headers.contains("Content-Transfer-Encoding: 7bit"))
    }

    @Test("a generated Message-ID is a unique id at the sender's domain")
    func generatedMessageID() throws {
        let from = try MailAddress("ana@relais.test")
        let first = MailMessage(from: from, to: [from], subject: "", textBody: "")
        let second = MailMessage(from: from, to: [from], subject: "", textBody: "")
        #expect(first.messageID.hasSuffix("@relais.test"))
        #expect(first.messageID != second.messageID)
    }

    @Test("every line ends in CRLF, stays within 998 octets, and encoded lines within 78")
    func lineEndingsAndLengths() throws {
        let longLine = String(repeating: "word ", count: 1000) + "é"
        let rendered = try render(try message(subject: String(repeating: "Long subject ", count: 20), text: longLine + "\nshort\r\nlast", html: "<p>\(longLine)</p>"))
        #expect(!rendered.replacing("\r\n", with: "").contains("\n"))
        #expect(!rendered.replacing("\r\n", with: "").contains("\r"))
        for line in rendered.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 78, "line too long: \(line.prefix(40))…")
        }
    }

    @Test("a long ASCII subject is folded at spaces and unfolds to the original")
    func asciiSubjectFolding() throws {
        let subject = (1...30).map { "word\($0)" }.joined(separator: " ")
        let rendered = try render(try message(subject: subject))
        let subjectLines = headerBlock(rendered).components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        #expect(subjectLines.count > 1)
        #expect(unfoldedHeaders(rendered).contains("Subject: \(subject)"))
    }

    @Test("non-ASCII subjects become UTF-8 encoded-words of at most 75 characters on lines of at most 76")
    func encodedWordFolding() throws {
        let subject = String(repeating: "Ünïcödé 🎉 ", count: 12)
        let block = headerBlock(try render(try message(subject: subject)))
        let lines = block.components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        #expect(lines.count > 2)
        for line in lines {
            #expect(line.utf8.count <= 76)
            for word in line.split(separator: " ") where word.hasPrefix("=?") {
                #expect(word.utf8.count <= 75)
                #expect(word.hasPrefix("=?UTF-8?Q?") || word.hasPrefix("=?UTF-8?B?"))
                #expect(word.hasSuffix("?="))
            }
        }
        #expect(block.utf8.allSatisfy { $0 < 0x80 })
    }

    @Test("display names with specials are quoted and non-ASCII ones encoded")
    func displayNames() throws {
        var mail = try message()
        mail.to = [try MailAddress("bo@relais.test", displayName: "Bo \"B\" Smith, Jr."), try MailAddress("zoe@relais.test", displayName: "Zoë")]
        let headers = unfoldedHeaders(try render(mail))
        #expect(headers.contains("To: \"Bo \\\"B\\\" Smith, Jr.\" <bo@relais.test>, =?UTF-8?Q?Zo=C3=AB?= <zoe@relais.test>"))
    }

    @Test("an HTML body makes multipart/alternative with the text part first and a closing delimiter")
    func multipartStructure() throws {
        let rendered = try render(try message(text: "Plain ✓\n", html: "<p>Rich ✓</p>\n"))
        let headers = unfoldedHeaders(rendered)
        let contentType = try #require(headers.first { $0.hasPrefix("Content-Type: multipart/alternative;") })
        let boundary = try #require(contentType.split(separator: "boundary=\"").last?.dropLast())
        let body = rendered.split(separator: "\r\n\r\n", maxSplits: 1).last.map(String.init) ?? ""
        let parts = body.components(separatedBy: "--\(boundary)")
        #expect(parts.count == 4)  // preamble, text, html, epilogue after the closing delimiter
        #expect(parts[1].contains("Content-Type: text/plain; charset=utf-8"))
        #expect(parts[2].contains("Content-Type: text/html; charset=utf-8"))
        #expect(parts[3] == "--\r\n")
        #expect(parts[1].contains("Content-Transfer-Encoding: quoted-printable"))
        #expect(parts[1].contains("Plain =E2=9C=93"))
    }

    @Test("mostly non-Latin text is sent as base64, Latin text with accents as quoted-printable")
    func transferEncodingChoice() throws {
        #expect(BodyEncoder.encode("日本語のテキストです。\n").encoding == .base64)
        #expect(BodyEncoder.encode("Déjà vu, café crème.\n").encoding == .quotedPrintable)
        #expect(BodyEncoder.encode("Plain text.\n").encoding == .sevenBit)
        #expect(BodyEncoder.encode("trailing space \n").encoding == .quotedPrintable)
    }

    @Test("bodies end every line in CRLF whatever the input used: CRLF, LF or a lone CR")
    func bodyLineEndings() {
        let sevenBit = BodyEncoder.encode("one\r\ntwo\nthree\rfour\n\nsix")
        #expect(sevenBit.encoding == .sevenBit)
        #expect(String(decoding: sevenBit.body, as: UTF8.self) == "one\r\ntwo\r\nthree\r\nfour\r\n\r\nsix\r\n")
        let quoted = BodyEncoder.encode("café\r\nthé\rfin \n")
        #expect(quoted.encoding == .quotedPrintable)
        #expect(String(decoding: quoted.body, as: UTF8.self) == "caf=C3=A9\r\nth=C3=A9\r\nfin=20\r\n")
        #expect(String(decoding: BodyEncoder.encode("").body, as: UTF8.self) == "\r\n")
    }

    @Test("quoted-printable keeps soft-broken lines within 76 characters and encodes '='")
    func quotedPrintableLines() {
        let encoded = String(decoding: BodyEncoder.encode(String(repeating: "abc=é", count: 100)).body, as: UTF8.self)
        for line in encoded.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 76)
        }
        #expect(encoded.hasPrefix("abc=3D=C3=A9abc=3D"))
    }

    @Test("a header value with a line break or a reserved header name is refused")
    func headerInjectionIsRefused() throws {
        var injected = try message()
        injected.headers = [.init(name: "X-Note", value: "fine\r\nBcc: victim@example.com")]
        #expect(throws: SMTPError.self) { try MIMEWriter().render(injected) }
        var reserved = try message()
        reserved.headers = [.init(name: "Subject", value: "second subject")]
        #expect(throws: SMTPError.self) { try MIMEWriter().render(reserved) }
        var badID = try message()
        badID.messageID = "no domain"
        #expect(throws: SMTPError.self) { try MIMEWriter().render(badID) }
        var subjectBreak = try message(subject: "one\r\nBcc: victim@example.com")
        subjectBreak.headers = []
        let headers = unfoldedHeaders(try render(subjectBreak))
        #expect(!headers.contains { $0.hasPrefix("Bcc:") })
    }

    @Test("dot-stuffing doubles a leading dot on every line and ends with the lone-dot line")
    func dotStuffing() {
        let stuffed = SMTPPreparedMail.dotStuffed(Array(".one\r\ntwo\r\n.\r\n..three".utf8))
        #expect(String(buffer: stuffed) == "..one\r\ntwo\r\n..\r\n...three\r\n.\r\n")
    }
}
