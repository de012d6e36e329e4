import NIOCore

/// A message ready for the wire: checked envelope, dot-stuffed content.
struct SMTPPreparedMail: Sendable {
    let sender: String
    let recipients: [String]
    /// The content after DATA, dot-stuffed and ending with the lone-dot line.
    let content: ByteBuffer
    /// Whether an address or header carries UTF-8, which only an SMTPUTF8 server may receive.
    let needsSMTPUTF8: Bool

    init(sender: String, recipients: [String], message: [UInt8], needsSMTPUTF8: Bool) {
        self.sender = sender
        self.recipients = recipients
        self.content = Self.dotStuffed(message)
        self.needsSMTPUTF8 = needsSMTPUTF8
    }

    /// RFC 5321 §4.5.2: a line starting with "." gets one more, so that only the terminating
    /// line is a lone dot. Bare LF also starts a line here, as some servers treat it that way.
    static func dotStuffed(_ message: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(message.count + message.count / 64 + 5)
        // Copies runs between the dots to double rather than byte by byte.
        var runStart = 0
        var atLineStart = true
        for index in message.indices {
            let byte = message[index]
            if atLineStart && byte == UInt8(ascii: ".") {
                buffer.writeBytes(message[runStart..<index])
                buffer.writeInteger(UInt8(ascii: "."))
                runStart = index
            }
            atLineStart = byte == UInt8(ascii: "\n")
        }
        buffer.writeBytes(message[runStart...])
        if !message.isEmpty && !atLineStart { buffer.writeString("\r\n") }
        buffer.writeString(".\r\n")
        return buffer
    }
}
