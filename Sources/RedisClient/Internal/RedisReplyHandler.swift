import NIOCore

/// Commands written together on a multiplexed connection, completed together with their replies.
struct RedisRequest: Sendable {
    /// The RESP encoding of every command of the request.
    var bytes: ByteBuffer
    /// How many replies complete the request.
    var replyCount: Int
    /// Succeeds with the replies in command order, or fails with a `RedisError`.
    var promise: EventLoopPromise<[RedisValue]>
}

/// Matches replies to requests in order on one multiplexed connection.
///
/// Redis answers commands in the order it received them, so a FIFO of waiting requests is all
/// the bookkeeping needed. Any failure (protocol error, I/O error, timeout, close) fails every
/// waiting request and closes the channel: after it, which reply belongs to which command is
/// no longer known.
final class RedisReplyHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private struct Waiting {
        var request: RedisRequest
        var deadline: Scheduled<Void>
        var replies: [RedisValue] = []
    }

    private let reader: HiredisReplyReader
    private let commandTimeout: TimeAmount
    private var waiting = CircularBuffer<Waiting>()
    /// Set once the connection failed; later writes fail with it at once.
    private var failure: RedisError?

    init(reader: HiredisReplyReader, commandTimeout: TimeAmount) {
        self.reader = reader
        self.commandTimeout = commandTimeout
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let failure {
            request.promise.fail(failure)
            promise?.fail(failure)
            return
        }
        let deadline = context.eventLoop.assumeIsolated().scheduleTask(in: commandTimeout) {
            self.fail(context: context, with: RedisError(code: .timeout, message: "redis did not answer within the command timeout"))
        }
        waiting.append(Waiting(request: request, deadline: deadline))
        context.write(wrapOutboundOut(request.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        do throws(RedisError) {
            try reader.feed(unwrapInboundIn(data))
            while let reply = try reader.next() {
                guard !waiting.isEmpty else {
                    throw RedisError(code: .protocolError, message: "a reply arrived with no command waiting")
                }
                waiting[waiting.startIndex].replies.append(reply)
                if waiting[waiting.startIndex].replies.count == waiting[waiting.startIndex].request.replyCount {
                    let done = waiting.removeFirst()
                    done.deadline.cancel()
                    done.request.promise.succeed(done.replies)
                }
            }
        } catch {
            fail(context: context, with: error)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        fail(context: context, with: RedisError(code: .connection, message: "I/O error: \(type(of: error))"))
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(context: context, with: RedisError(code: .connection, message: "redis closed the connection"))
        context.fireChannelInactive()
    }

    private func fail(context: ChannelHandlerContext, with error: RedisError) {
        if failure == nil {
            failure = error
        }
        while let entry = waiting.popFirst() {
            entry.deadline.cancel()
            entry.request.promise.fail(failure ?? error)
        }
        context.close(promise: nil)
    }
}
