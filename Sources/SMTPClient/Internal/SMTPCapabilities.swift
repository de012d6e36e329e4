/// The ESMTP extensions a server listed in its EHLO reply (RFC 5321 §4.1.1.1).
struct SMTPCapabilities: Sendable, Equatable {
    var startTLS = false
    var pipelining = false
    var smtpUTF8 = false
    var eightBitMIME = false
    var authMechanisms: Set<String> = []
    /// The SIZE limit in bytes, 0 when the server announced SIZE without a limit.
    var maxSize: Int?

    /// No extensions: what a server that only understands HELO offers.
    init() {}

    /// Parses an EHLO reply; the first line is the server's name, each later line a keyword
    /// with optional parameters. Keywords are case-insensitive.
    init(ehloReply reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ")
            guard let keyword = words.first?.uppercased() else { continue }
            let parameters = words.dropFirst()
            switch keyword {
            case "STARTTLS": startTLS = true
            case "PIPELINING": pipelining = true
            case "SMTPUTF8": smtpUTF8 = true
            case "8BITMIME": eightBitMIME = true
            case "AUTH": authMechanisms.formUnion(parameters.map { $0.uppercased() })
            case "SIZE": maxSize = parameters.first.flatMap { Int($0) } ?? 0
            default: break
            }
        }
    }
}
