import Foundation

/// A stored .eml as Python's `email` package reads it: an independent decoder of RFC 2047
/// headers, quoted-printable, base64 and multipart structure.
public struct DecodedMessage: Decodable, Sendable {
    public struct Mailbox: Decodable, Equatable, Sendable {
        public let name: String
        public let address: String

        public init(name: String, address: String) {
            self.name = name
            self.address = address
        }
    }

    public let subject: String
    public let from: [Mailbox]
    public let to: [Mailbox]
    public let messageID: String
    public let date: String
    public let contentType: String
    public let text: String?
    public let html: String?
    public let defects: [String]
    /// Every X-Relais-* header the sink added, by name.
    public let envelope: [String: [String]]

    /// The X-Relais-Command-ID header the email worker adds.
    public var commandID: String? { envelope["X-Relais-Command-ID"]?.first }

    private static let script = #"""
        import email, json, sys
        from email import policy
        # As text, so that RFC 6532 UTF-8 headers decode as UTF-8 rather than as escaped bytes.
        raw = open(sys.argv[1], "rb").read().decode("utf-8")
        msg = email.message_from_string(raw, policy=policy.default)
        def boxes(name):
            header = msg[name]
            return [{"name": a.display_name, "address": a.addr_spec} for a in header.addresses] if header else []
        def body(kind):
            part = msg.get_body(preferencelist=(kind,))
            return part.get_content() if part is not None and part.get_content_subtype() == kind else None
        defects = [type(d).__name__ for d in msg.defects]
        for part in msg.walk():
            defects += [type(d).__name__ for d in part.defects]
            for value in part.values():
                defects += [type(d).__name__ for d in getattr(value, "defects", [])]
        envelope = {}
        for key, value in msg.items():
            if key.lower().startswith("x-relais-"):
                envelope.setdefault(key, []).append(str(value))
        print(json.dumps({
            "subject": str(msg["subject"]), "from": boxes("from"), "to": boxes("to"),
            "messageID": str(msg["message-id"]), "date": str(msg["date"]),
            "contentType": msg.get_content_type(), "text": body("plain"), "html": body("html"),
            "defects": defects, "envelope": envelope,
        }))
        """#

    public static func decode(_ file: URL) throws -> DecodedMessage {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, file.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSetupError(description: "decoding the .eml failed: \(errorText)")
        }
        return try JSONDecoder().decode(DecodedMessage.self, from: data)
    }
}
