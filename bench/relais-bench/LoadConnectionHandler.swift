import NIOCore

/// A request on its way out, with the promise its response completes.
struct LoadExchange: Sendable {
    let request: LoadRequest
    let response: EventLoopPromise<LoadResponse>
}

/// One keep-alive connection of `LoadClient`: writes one request at a time and reads its
/// response by `Content-Length`, nothing more. A load generator that parses and allocates as
/// much as a full client would take CPU from the server it measures on the same cores.
final class LoadConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = LoadExchange
    typealias OutboundOut = ByteBuffer

    private var received = ByteBuffer()
    private var pending: EventLoopPromise<LoadResponse>?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        guard pending == nil else {
            exchange.response.fail(LoadClientError("a request was written while another was in flight"))
            promise?.fail(LoadClientError("busy connection"))
            return
        }
        pending = exchange.response
        context.write(wrapOutboundOut(exchange.request.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        received.writeBuffer(&bytes)
        do {
            guard let response = try Self.takeResponse(from: &received) else { return }
            let promise = pending
            pending = nil
            promise?.succeed(response)
        } catch {
            failPending(error)
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failPending(LoadClientError("the server closed the connection"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failPending(error)
        context.close(promise: nil)
    }

    private func failPending(_ error: any Error) {
        let promise = pending
        pending = nil
        promise?.fail(error)
    }

    /// Removes one complete response from the front of `buffer`, or returns nil while it is
    /// still incomplete. Only `Content-Length` framing is understood (what the ingress sends).
    static func takeResponse(from buffer: inout ByteBuffer) throws -> LoadResponse? {
        let parsed: (status: Int, headLength: Int, bodyLength: Int)?? = buffer.readableBytesView.withContiguousStorageIfAvailable { bytes in
            guard let headEnd = bytes.firstRange(of: [13, 10, 13, 10])?.lowerBound else { return nil }
            // "HTTP/1.1 200 ..."
            guard headEnd >= 12, bytes[8] == UInt8(ascii: " ") else { return .some(nil) }
            let status = bytes[9..<12].reduce(0) { $0 * 10 + Int($1) - 48 }
            guard let bodyLength = contentLength(in: bytes[..<headEnd]) else { return .some(nil) }
            return (status, headEnd + 4, bodyLength)
        } ?? .some(nil)
        guard let parsed else { return nil }
        guard let (status, headLength, bodyLength) = parsed else {
            throw LoadClientError("a response without a readable status line or Content-Length (chunked responses are not supported)")
        }
        guard buffer.readableBytes >= headLength + bodyLength else { return nil }
        buffer.moveReaderIndex(forwardBy: headLength)
        let body = buffer.readSlice(length: bodyLength) ?? ByteBuffer()
        buffer.discardReadBytes()
        return LoadResponse(status: status, body: body)
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (65...90).contains(byte) ? byte + 32 : byte
    }

    /// The value of the `Content-Length` header in `head`, its name matched case-insensitively.
    private static func contentLength(in head: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        let name = Array("\r\ncontent-length:".utf8)
        var index = head.startIndex
        while index + name.count <= head.endIndex {
            var matches = true
            for offset in 0..<name.count where lowercased(head[index + offset]) != name[offset] {
                matches = false
                break
            }
            if matches {
                var cursor = index + name.count
                while cursor < head.endIndex, head[cursor] == UInt8(ascii: " ") { cursor += 1 }
                var value = 0, digits = 0
                while cursor < head.endIndex, (48...57).contains(head[cursor]) {
                    value = value * 10 + Int(head[cursor]) - 48
                    digits += 1
                    cursor += 1
                }
                return digits > 0 ? value : nil
            }
            index += 1
        }
        return nil
    }
}

struct LoadClientError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
