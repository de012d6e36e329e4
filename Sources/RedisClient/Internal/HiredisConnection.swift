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
        if let password = configuration.password {
            var auth: [RedisArgument] = ["AUTH"]
            if let username = configuration.username { auth.append(.string(username)) }
            auth.append(.string(password))
            if case .error(let message) = try command(auth) {
                throw RedisError(code: .server, message: "authentication failed: \(RedisError.server(message).message)")
            }
        }
        if configuration.database != 0,
            case .error(let message) = try command(["SELECT", .int(configuration.database)])
        {
            throw RedisError(code: .server, message: "cannot select database: \(RedisError.server(message).message)")
        }
        if let name = configuration.clientName,
            case .error(let message) = try command(["CLIENT", "SETNAME", .string(name)])
        {
            throw RedisError(code: .server, message: "cannot set client name: \(RedisError.server(message).message)")
        }
    }

    /// Whether an idle connection can take a new command: not broken, and nothing unexpected to
    /// read. A server that restarted or closed us leaves EOF pending, which `poll` reports as
    /// readable, so the stale socket is replaced before a command is lost on it.
    var isReusable: Bool {
        guard !isBroken else { return false }
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) == 0
    }

    /// Sends one command and waits for its reply.
    func command(_ arguments: [RedisArgument]) throws(RedisError) -> RedisValue {
        try append(arguments)
        return try readReply()
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
        guard !arguments.isEmpty else {
            throw RedisError(code: .invalidArgument, message: "a command needs at least one argument")
        }
        var storage: [UInt8] = []
        storage.reserveCapacity(arguments.reduce(1) { $0 + $1.bytes.count })
        var lengths: [Int] = []
        lengths.reserveCapacity(arguments.count)
        for argument in arguments {
            storage.append(contentsOf: argument.bytes)
            lengths.append(argument.bytes.count)
        }
        // A trailing byte keeps the buffer non-empty so every argv pointer is valid, even for
        // commands made only of empty arguments.
        storage.append(0)

        // hiredis copies the arguments into its output buffer, so `storage` only has to live
        // for the duration of the call.
        let status = storage.withUnsafeBytes { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return REDIS_ERR }
            var pointers: [UnsafePointer<CChar>?] = []
            pointers.reserveCapacity(lengths.count)
            var offset = 0
            for length in lengths {
                pointers.append((base + offset).assumingMemoryBound(to: CChar.self))
                offset += length
            }
            return pointers.withUnsafeMutableBufferPointer { argv in
                lengths.withUnsafeBufferPointer { argvlen in
                    redisAppendCommandArgv(context, Int32(arguments.count), argv.baseAddress, argvlen.baseAddress)
                }
            }
        }
        guard status == REDIS_OK else { throw failure() }
    }

    /// Blocks until the next reply arrives (flushing buffered commands first).
    func readReply() throws(RedisError) -> RedisValue {
        var raw: UnsafeMutableRawPointer?
        let status = redisGetReply(context, &raw)
        guard status == REDIS_OK, let raw else { throw failure() }
        defer { freeReplyObject(raw) }
        return try Self.value(of: raw.assumingMemoryBound(to: redisReply.self))
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

    private static func value(of reply: UnsafePointer<redisReply>) throws(RedisError) -> RedisValue {
        let node = reply.pointee
        switch node.type {
        case REDIS_REPLY_STRING:
            return .bulk(bytes(node.str, node.len))
        case REDIS_REPLY_STATUS:
            return .status(String(decoding: bytes(node.str, node.len), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            return .error(String(decoding: bytes(node.str, node.len), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            return .integer(Int64(node.integer))
        case REDIS_REPLY_NIL:
            return .null
        case REDIS_REPLY_ARRAY:
            var elements: [RedisValue] = []
            elements.reserveCapacity(node.elements)
            for index in 0..<node.elements {
                guard let element = node.element?[index] else {
                    throw RedisError(code: .protocolError, message: "array reply with a missing element")
                }
                elements.append(try value(of: element))
            }
            return .array(elements)
        default:
            throw RedisError(code: .protocolError, message: "unknown reply type \(node.type)")
        }
    }

    private static func bytes(_ pointer: UnsafeMutablePointer<CChar>?, _ count: Int) -> [UInt8] {
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}

private func makeTimeval(_ duration: Duration) -> timeval {
    let (seconds, attoseconds) = duration.components
    return timeval(tv_sec: Int(clamping: seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
}
