import Testing
@testable import SMTPClient

@Suite("Configuration, addresses and replies")
struct SMTPConfigurationTests {
    @Test("smtp:// means STARTTLS on 587 with percent-decoded credentials")
    func smtpScheme() throws {
        let configuration = try SMTPConfiguration(url: "smtp://mailer%40relais:p%3Ass%40w0rd@mail.example.com")
        #expect(configuration.security == .startTLS)
        #expect(configuration.host == "mail.example.com")
        #expect(configuration.port == 587)
        #expect(configuration.credentials == .init(user: "mailer@relais", password: "p:ss@w0rd"))
    }

    @Test("smtp+insecure:// is plain on 25 and smtps:// implicit TLS on 465; ports and IPv6 hosts parse")
    func otherSchemes() throws {
        let insecure = try SMTPConfiguration(url: "smtp+insecure://127.0.0.1")
        #expect(insecure.security == .none)
        #expect(insecure.port == 25)
        #expect(insecure.credentials == nil)
        let implicit = try SMTPConfiguration(url: "smtps://smtp.example.com/")
        #expect(implicit.security == .implicitTLS)
        #expect(implicit.port == 465)
        let ipv6 = try SMTPConfiguration(url: "smtp+insecure://[::1]:2525")
        #expect(ipv6.host == "::1")
        #expect(ipv6.port == 2525)
    }

    @Test("a bad URL is an invalidConfiguration error whose description does not repeat the password")
    func badURLs() {
        for url in ["http://u:hunter2@host", "smtp://u:hunter2@host:99999", "smtp://u:hunter2@", "smtp://u:hunter2@host/path", "nothing"] {
            #expect {
                try SMTPConfiguration(url: url)
            } throws: { error in
                guard let error = error as? SMTPError else { return false }
                return error.code == .invalidConfiguration && !error.description.contains("hunter2")
            }
        }
    }

    @Test("the configuration's description never shows credentials")
    func configurationDescriptionIsRedacted() throws {
        let configuration = try SMTPConfiguration(url: "smtp://alice:hunter2@mail.example.com")
        #expect(!"\(configuration)".contains("hunter2"))
        #expect(!"\(configuration)".contains("alice"))
        #expect(!"\(String(describing: configuration.credentials))".contains("hunter2"))
    }

    @Test("mailbox validation accepts dot-atoms and UTF-8, refuses malformed addresses")
    func addressValidation() throws {
        for valid in ["a@b.c", "first.last+tag@sub.example.com", "jürgen@bücher.de", "x@[127.0.0.1]", "o'neil@example.com"] {
            #expect(throws: Never.self) { try MailAddress(valid) }
        }
        for invalid in ["", "plain", "@example.com", "a@", "a..b@example.com", ".a@example.com", "a b@example.com",
                        "a@-example.com", "a@exa mple.com", "<a@example.com>", "a@b@c", "a\r\n@example.com",
                        String(repeating: "x", count: 65) + "@example.com"] {
            #expect(throws: SMTPError.self) { try MailAddress(invalid) }
        }
    }

    @Test("EMAIL_FROM forms parse into address and display name")
    func addressParsing() throws {
        let quoted = try MailAddress(parsing: "\"Pérez, Ana\" <ana@example.com>")
        #expect(quoted.address == "ana@example.com")
        #expect(quoted.displayName == "Pérez, Ana")
        let plain = try MailAddress(parsing: "Relais <no-reply@relais.test>")
        #expect(plain.displayName == "Relais")
        #expect(try MailAddress(parsing: " ana@example.com ").displayName == nil)
        #expect(try MailAddress(parsing: "<ana@example.com>").address == "ana@example.com")
    }

    @Test("replies expose the enhanced status and redact addresses in their description")
    func replies() {
        let reply = SMTPReply(code: 550, lines: ["5.1.1 <bob@example.com>: Recipient address rejected"])
        #expect(reply.enhancedStatus == "5.1.1")
        #expect(reply.isPermanentFailure)
        #expect(!reply.description.contains("bob@example.com"))
        #expect(reply.text.contains("bob@example.com"))
        #expect(SMTPReply(code: 250, lines: ["OK"]).enhancedStatus == nil)
        #expect(SMTPReply(code: 250, lines: ["2.0.0 Ok: queued as 4F2"]).enhancedStatus == "2.0.0")
    }
}
