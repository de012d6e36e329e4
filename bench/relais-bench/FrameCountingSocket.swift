import NIOCore
import NIOPosix

/// A WebSocket client that only counts the text frames it receives: the relay benchmark's
/// 1,000 listeners. Full clients (a task, an async frame iterator and a frame decoder each) spent
/// the cores the relay was being measured on; this one reads frame headers and skips payloads.
enum FrameCountingSocket {
    /// Connects, upgrades with `token`, and calls `onFrame(isFirst)` for every text frame.
    /// - Returns: the channel; close it to disconnect.
    static func connect(port: Int, token: String, onFrame: @escaping @Sendable (Bool) -> Void) async throws -> any Channel {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(FrameCounter(onFrame: onFrame))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        let request = "GET /v1/ws?access_token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        try await channel.writeAndFlush(ByteBuffer(string: request))
        return channel
    }

    private final class FrameCounter: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private let onFrame: @Sendable (Bool) -> Void
        private var received = ByteBuffer()
        private var upgraded = false
        private var framesSeen = 0

        init(onFrame: @escaping @Sendable (Bool) -> Void) {
            self.onFrame = onFrame
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            received.writeBuffer(&bytes)
            if !upgraded {
                guard let headEnd = received.readableBytesView.firstRange(of: [13, 10, 13, 10]) else { return }
                received.moveReaderIndex(to: headEnd.upperBound)
                upgraded = true
            }
            while let (opcode, payload) = nextFrame() {
                switch opcode {
                case 0x1:
                    onFrame(framesSeen == 0)
                    framesSeen += 1
                case 0x9:
                    // A ping: answer with a pong carrying the same bytes (client frames are masked;
                    // an all-zero key leaves the payload as it is).
                    var pong = context.channel.allocator.buffer(capacity: payload.readableBytes + 6)
                    pong.writeBytes([0x8A, 0x80 | UInt8(payload.readableBytes), 0, 0, 0, 0])
                    pong.writeImmutableBuffer(payload)
                    context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
                case 0x8:
                    context.close(promise: nil)
                default:
                    break
                }
            }
            received.discardReadBytes()
        }

        /// Takes one whole frame off `received` (server frames are unmasked), or nil.
        private func nextFrame() -> (opcode: UInt8, payload: ByteBuffer)? {
            let view = received.readableBytesView
            guard view.count >= 2 else { return nil }
            let first = view[view.startIndex], second = view[view.startIndex + 1] & 0x7F
            var headerLength = 2
            var length = Int(second)
            if second == 126 {
                guard view.count >= 4 else { return nil }
                length = Int(view[view.startIndex + 2]) << 8 | Int(view[view.startIndex + 3])
                headerLength = 4
            } else if second == 127 {
                guard view.count >= 10 else { return nil }
                length = (2..<10).reduce(0) { $0 << 8 | Int(view[view.startIndex + $1]) }
                headerLength = 10
            }
            guard view.count >= headerLength + length else { return nil }
            received.moveReaderIndex(forwardBy: headerLength)
            let payload = received.readSlice(length: length) ?? ByteBuffer()
            return (first & 0x0F, payload)
        }
    }
}
