#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix
import Synchronization

/// One Redis connection on a SwiftNIO channel that many tasks use at once.
///
/// Requests from concurrent callers are written as they come and their replies matched in
/// order (`RedisReplyHandler`), so under load many commands share each write and each read:
/// automatic pipelining, with no thread of our own to wake per command. hiredis still does the
/// protocol work: it formats the commands and parses the replies.
///
/// The channel opens on first use and again after it closed; callers arriving while it opens
/// wait for the same attempt. Blocking commands (`BLPOP`, `XREAD BLOCK`…) would hold up every
/// other caller of the connection, so they must not be sent through it.
final class MultiplexedConnection: Sendable {
    private enum State {
        case idle
        case connecting(EventLoopFuture<Channel>)
        case ready(Channel)
        case closed
    }

    private enum Step {
        case use(Channel)
        case wait(EventLoopFuture<Channel>)
        case open(EventLoopPromise<Channel>)
        case closed
    }

    private let configuration: RedisConfiguration
    private let health: ConnectionHealth
    private let group: any EventLoopGroup
    private let state = Mutex(State.idle)

    init(configuration: RedisConfiguration, health: ConnectionHealth, group: any EventLoopGroup) {
        self.configuration = configuration
        self.health = health
        self.group = group
    }

    /// Writes `commands` (RESP bytes of `replyCount` commands) and returns their replies in order.
    func execute(_ commands: ByteBuffer, replyCount: Int) async throws(RedisError) -> [RedisValue] {
        try await Self.send(commands, replyCount: replyCount, on: try await channel())
    }

    /// Closes the channel; later calls fail with `.closed`.
    func close() {
        let previous = state.withLock { state in
            defer { state = .closed }
            return state
        }
        switch previous {
        case .ready(let channel):
            channel.close(promise: nil)
        case .connecting(let future):
            future.whenSuccess { $0.close(promise: nil) }
        case .idle, .closed:
            break
        }
    }

    private func channel() async throws(RedisError) -> Channel {
        let step = state.withLock { state -> Step in
            switch state {
            case .ready(let channel) where channel.isActive:
                return .use(channel)
            case .connecting(let future):
                return .wait(future)
            case .closed:
                return .closed
            case .idle, .ready:
                let promise = group.next().makePromise(of: Channel.self)
                state = .connecting(promise.futureResult)
                return .open(promise)
            }
        }
        switch step {
        case .use(let channel):
            return channel
        case .closed:
            throw RedisError.clientClosed
        case .wait(let future):
            return try await Self.value(of: future)
        case .open(let promise):
            do throws(RedisError) {
                let channel = try await open()
                let kept = state.withLock { state in
                    guard case .connecting = state else { return false }
                    state = .ready(channel)
                    return true
                }
                guard kept else {
                    // Closed while connecting.
                    channel.close(promise: nil)
                    promise.fail(RedisError.clientClosed)
                    throw RedisError.clientClosed
                }
                promise.succeed(channel)
                return channel
            } catch {
                state.withLock { state in
                    if case .connecting = state { state = .idle }
                }
                promise.fail(error)
                throw error
            }
        }
    }

    /// Connects, installs the reply handler and runs the handshake.
    private func open() async throws(RedisError) -> Channel {
        try health.checkCanConnect()
        let target = "\(configuration.host):\(configuration.port)"
        let commandTimeout = TimeAmount(configuration.commandTimeout)
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = RedisReplyHandler(reader: try HiredisReplyReader(), commandTimeout: commandTimeout)
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        let channel: Channel
        do {
            channel = try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch {
            let failure = RedisError(code: .connection, message: "cannot connect to \(target): \(Self.reason(error))")
            health.connectFailed(failure)
            throw failure
        }
        let handshake = RedisHandshake(configuration)
        let commands = handshake.commands
        if !commands.isEmpty {
            do {
                var bytes = channel.allocator.buffer(capacity: 64)
                for command in commands {
                    try HiredisArgv.format(command, into: &bytes)
                }
                try handshake.verify(try await Self.send(bytes, replyCount: commands.count, on: channel))
            } catch {
                channel.close(promise: nil)
                health.connectFailed(error)
                throw error
            }
        }
        health.connected()
        return channel
    }

    private static func send(
        _ commands: ByteBuffer, replyCount: Int, on channel: Channel
    ) async throws(RedisError) -> [RedisValue] {
        let promise = channel.eventLoop.makePromise(of: [RedisValue].self)
        channel.writeAndFlush(RedisRequest(bytes: commands, replyCount: replyCount, promise: promise), promise: nil)
        return try await value(of: promise.futureResult)
    }

    private static func value<Value: Sendable>(of future: EventLoopFuture<Value>) async throws(RedisError) -> Value {
        do {
            return try await future.get()
        } catch let error as RedisError {
            throw error
        } catch {
            throw RedisError(code: .connection, message: "I/O error: \(reason(error))")
        }
    }

    private static func reason(_ error: any Error) -> String {
        if case ChannelError.connectTimeout = error {
            return "timed out"
        }
        let underlying = (error as? NIOConnectionError)?.connectionErrors.first?.error ?? error
        if let error = underlying as? IOError {
            return String(cString: strerror(error.errnoCode))
        }
        return "\(type(of: underlying))"
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
