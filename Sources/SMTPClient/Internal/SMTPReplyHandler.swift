import NIOCore
import NIOSSL
import NIOTLS

/// The last handler of a connection's pipeline: it writes a command (or a pipelined group of
/// commands), collects the expected number of replies, and fails the exchange when the timeout
/// fires or the connection breaks. Only one exchange is in flight at a time, because a
/// connection serves one transaction at a time.
///
/// Every method runs on the channel's event loop.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = SMTPReply

    /// Why an exchange did not get its replies. After one of these the connection is closed.
    enum Failure: Sendable {
        case timeout
        case closed
        case tls(String)
        case malformedReply(String)
        case io(String)
        case busy
    }

    struct ExchangeError: Error {
        let failure: Failure
        /// How many of the expected replies arrived before the failure, so a pipelined group
        /// can blame the command whose reply is missing.
        let repliesReceived: Int
    }

    private struct Pending {
        var expected: Int
        var received: [SMTPReply]
        let promise: EventLoopPromise<[SMTPReply]>
        let timeout: Scheduled<Void>
    }

    private let eventLoop: EventLoop
    private var context: ChannelHandlerContext?
    private var unclaimed = CircularBuffer<SMTPReply>()
    private var pending: Pending?
    private var failure: Failure?
    private var handshakeCompleted = false
    private var handshake: (promise: EventLoopPromise<Void>, timeout: Scheduled<Void>)?

    init(eventLoop: EventLoop) {
        self.eventLoop = eventLoop
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Writes `payload` (if any) and waits for `count` replies.
    func exchange(_ payload: ByteBuffer?, expecting count: Int, timeout: TimeAmount) -> EventLoopFuture<[SMTPReply]> {
        if let failure { return failed(failure) }
        guard let context else { return failed(.closed) }
        guard pending == nil else { return failed(.busy) }
        let promise = context.eventLoop.makePromise(of: [SMTPReply].self)
        let timeoutTask = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            self.fail(with: .timeout)
        }
        pending = Pending(expected: count, received: [], promise: promise, timeout: timeoutTask)
        while pending != nil, let reply = unclaimed.popFirst() {
            receive(reply)
        }
        if let payload {
            context.channel.writeAndFlush(payload).assumeIsolated().whenFailure { error in
                self.fail(with: .io("write failed: \(type(of: error))"))
            }
        }
        return promise.futureResult
    }

    /// Adds TLS in front of the pipeline and waits for the handshake (STARTTLS).
    func startTLS(context sslContext: NIOSSLContext, serverHostname: String?, timeout: TimeAmount) -> EventLoopFuture<Void> {
        if let failure { return failed(failure) }
        guard let context else { return failed(.closed) }
        // Replies that arrived in clear after "220 Ready to start TLS" would pass for answers
        // given under TLS: an injection attempt (compare CVE-2011-0411), never legitimate.
        guard unclaimed.isEmpty else {
            fail(with: .tls("unexpected data after the STARTTLS reply"))
            return failed(.tls("unexpected data after the STARTTLS reply"))
        }
        do {
            let tls = try NIOSSLClientHandler(context: sslContext, serverHostname: serverHostname)
            try context.pipeline.syncOperations.addHandler(tls, position: .first)
        } catch {
            fail(with: .tls(String(describing: error)))
            return failed(.tls(String(describing: error)))
        }
        return waitForHandshake(timeout: timeout)
    }

    /// Waits until the TLS handler reports a completed handshake (or reports it at once if
    /// that already happened, as it can with implicit TLS before anyone asked).
    func waitForHandshake(timeout: TimeAmount) -> EventLoopFuture<Void> {
        if let failure { return failed(failure) }
        guard let context else { return failed(.closed) }
        if handshakeCompleted { return context.eventLoop.makeSucceededVoidFuture() }
        let promise = context.eventLoop.makePromise(of: Void.self)
        let timeoutTask = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            self.fail(with: .timeout)
        }
        handshake = (promise, timeoutTask)
        return promise.futureResult
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        if pending == nil {
            unclaimed.append(reply)
        } else {
            receive(reply)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent {
            handshakeCompleted = true
            if let handshake {
                self.handshake = nil
                handshake.timeout.cancel()
                handshake.promise.succeed()
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(with: .closed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        switch error {
        case let malformed as SMTPReplyDecoder.MalformedReply:
            fail(with: .malformedReply(malformed.reason))
        case is NIOSSLError, is NIOSSLExtraError, is BoringSSLError:
            fail(with: .tls(String(describing: error)))
        default:
            fail(with: .io(String(describing: type(of: error))))
        }
    }

    private func receive(_ reply: SMTPReply) {
        guard var current = pending else { return }
        current.received.append(reply)
        if current.received.count == current.expected {
            pending = nil
            current.timeout.cancel()
            current.promise.succeed(current.received)
        } else {
            pending = current
        }
    }

    /// Records the first failure, fails whatever waits, and closes: after a timeout or a broken
    /// stream the position in the reply sequence is unknown, so the connection is unusable.
    private func fail(with failure: Failure) {
        if self.failure == nil { self.failure = failure }
        let reported = self.failure ?? failure
        if let current = pending {
            pending = nil
            current.timeout.cancel()
            current.promise.fail(ExchangeError(failure: reported, repliesReceived: current.received.count))
        }
        if let handshake {
            self.handshake = nil
            handshake.timeout.cancel()
            handshake.promise.fail(ExchangeError(failure: reported, repliesReceived: 0))
        }
        context?.close(promise: nil)
    }

    private func failed<Value>(_ failure: Failure) -> EventLoopFuture<Value> {
        eventLoop.makeFailedFuture(ExchangeError(failure: failure, repliesReceived: 0))
    }
}
