import CHiredis

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns one blocking hiredis `redisContext` and frees it in `deinit`.
///
/// Used by one dedicated thread at a time (a pool worker or a subscriber loop); the only call
/// allowed from another thread is `interrupt()`, which touches the socket, never hiredis state.
/// Every reply is copied into a `RedisValue` and freed before a method returns, so no C memory
/// outlives a call.
final class HiredisConnection {
    /// Valid from `init` until `deinit`; the socket it owns is closed by `redisFree`.
    private let context: UnsafeMutablePointer<redisContext>
    private let fd: Int32
    /// Set once hiredis reports an I/O, EOF or protocol error; hiredis cannot be used after that.
    private(set) var isBroken = false

    private init(context: UnsafeMutablePointer<redisContext>) {
        self.context = context
        self.fd = context.pointee.fd
    }

    deinit {
        redisFree(context)
    }

    /// Connects, applies socket options, then `AUTH`, `SELECT` and `CLIENT SETNAME` as configured.
    ///
    /// - Parameter readTimeout: bound on each socket read/write, the handshake included.
    static func open(_ configuration: RedisConfiguration, readTimeout: Duration) throws(RedisError) -> HiredisConnection {
        let target = "\(configuration.host):\(configuration.port)"
        guard let context = redisConnectWithTimeout(
            configuration.host, Int32(clamping: configuration.port), makeTimeval(configuration.connectTimeout))
        else {
            throw RedisError(code: .connection, message: "cannot allocate a connection to \(target)")
        }
        if context.pointee.err != 0 {
            let reason = errorText(of: context)
            redisFree(context)
            throw RedisError(code: .connection, message: "cannot connect to \(target): \(reason)")
        }
        let connection = HiredisConnection(context: context)
        guard redisEnableKeepAlive(context) == REDIS_OK else {
            throw RedisError(code: .connection, message: "cannot enable TCP keepalive on \(target)")
        }
        try connection.setReadTimeout(readTimeout)
        try connection.handshake(configuration)
        return connection
    }

    /// Bounds each later socket read/write; nil blocks until data or EOF (subscribers, which
    /// stay idle for long periods and are woken by `interrupt()`).
    func setReadTimeout(_ timeout: Duration?) throws(RedisError) {
        // A zero timeval clears SO_RCVTIMEO/SO_SNDTIMEO.
        guard redisSetTimeout(context, makeTimeval(timeout ?? .zero)) == REDIS_OK else {
            isBroken = true
            throw RedisError(code: .connection, message: "cannot set the socket timeout")
        }
    }

    private func handshake(_ configuration: RedisConfiguration) throws(RedisError) {
        let handshake = RedisHandshake(configuration)
        let commands = handshake.commands
        guard !commands.isEmpty else { return }
        try handshake.verify(try pipeline(commands))
    }

    /// Sends all commands in one write, then reads one reply per command, in order.
    func pipeline(_ commands: [[RedisArgument]]) throws(RedisError) -> [RedisValue] {
        for arguments in commands {
            try append(arguments)
        }
        var replies: [RedisValue] = []
        replies.reserveCapacity(commands.count)
        for _ in commands {
            replies.append(try readReply())
        }
        return replies
    }

    /// Buffers one command; hiredis writes the buffer on the next `readReply()`.
    func append(_ arguments: [RedisArgument]) throws(RedisError) {
        // hiredis copies the arguments into its output buffer before `with` returns.
        let status = try HiredisArgv.with(arguments) { argc, argv, argvlen in
            redisAppendCommandArgv(context, argc, argv, argvlen)
        }
        guard status == REDIS_OK else { throw failure() }
    }

    /// Blocks until the next reply arrives (flushing buffered commands first).
    func readReply() throws(RedisError) -> RedisValue {
        var raw: UnsafeMutableRawPointer?
        let status = redisGetReply(context, &raw)
        guard status == REDIS_OK, let raw else { throw failure() }
        defer { freeReplyObject(raw) }
        return try RedisValue(hiredisReply: raw.assumingMemoryBound(to: redisReply.self))
    }

    /// Wakes a thread blocked in `readReply()` from another thread: the read returns EOF.
    /// Safe only while this object is alive, which keeps the descriptor from being reused.
    func interrupt() {
        _ = shutdown(fd, Int32(SHUT_RDWR))
    }

    private func failure() -> RedisError {
        let savedErrno = errno
        isBroken = true
        let reason = Self.errorText(of: context)
        switch context.pointee.err {
        case REDIS_ERR_IO where savedErrno == EAGAIN || savedErrno == EWOULDBLOCK:
            return RedisError(code: .timeout, message: "redis did not answer within the command timeout")
        case REDIS_ERR_EOF:
            return RedisError(code: .connection, message: "redis closed the connection")
        case REDIS_ERR_PROTOCOL:
            return RedisError(code: .protocolError, message: "protocol error: \(reason)")
        case REDIS_ERR_OOM:
            return RedisError(code: .connection, message: "out of memory in hiredis", isRetryable: false)
        default:
            return RedisError(code: .connection, message: "I/O error: \(reason)")
        }
    }

    private static func errorText(of context: UnsafeMutablePointer<redisContext>) -> String {
        withUnsafeBytes(of: context.pointee.errstr) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}

private func makeTimeval(_ duration: Duration) -> timeval {
    let (seconds, attoseconds) = duration.components
    return timeval(tv_sec: Int(clamping: seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
}
