import NIOCore

/// Turns the server's byte stream into ``SMTPReply`` values, joining multi-line replies
/// (`250-…` lines followed by a `250 …` line, RFC 5321 §4.2.1).
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    /// RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; real servers stay far below
    /// this, and a bound keeps a hostile peer from growing the buffer without end.
    static let maxLineLength = 4096
    static let maxLines = 256

    struct MalformedReply: Error {
        let reason: String
    }

    private var code: Int?
    private var lines: [String] = []

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maxLineLength { throw MalformedReply(reason: "reply line too long") }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        guard length <= Self.maxLineLength, var line = buffer.readBytes(length: length + 1) else {
            throw MalformedReply(reason: "reply line too long")
        }
        line.removeLast()
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        guard line.count >= 3, line.prefix(3).allSatisfy({ (0x30...0x39).contains($0) }),
              let lineCode = Int(String(decoding: line.prefix(3), as: UTF8.self)), (200...599).contains(lineCode)
        else {
            throw MalformedReply(reason: "reply line does not start with a code")
        }
        let separator = line.count > 3 ? line[3] : UInt8(ascii: " ")
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw MalformedReply(reason: "bad separator after reply code")
        }
        if let code, code != lineCode { throw MalformedReply(reason: "reply code changed within a reply") }
        code = lineCode
        lines.append(String(decoding: line.dropFirst(4), as: UTF8.self))
        guard lines.count <= Self.maxLines else { throw MalformedReply(reason: "too many reply lines") }
        if separator == UInt8(ascii: " ") {
            let reply = SMTPReply(code: lineCode, lines: lines)
            code = nil
            lines = []
            context.fireChannelRead(wrapInboundOut(reply))
        }
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        // A partial line at EOF is dropped: the connection is gone either way.
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}
