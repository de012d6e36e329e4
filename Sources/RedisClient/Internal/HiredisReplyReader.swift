import CHiredis
import NIOCore

/// hiredis's RESP parser, fed with bytes as they arrive on a NIO channel.
///
/// Owned by one `RedisReplyHandler`, so it is only ever touched from that channel's event loop.
final class HiredisReplyReader {
    private let reader: UnsafeMutablePointer<redisReader>

    init() throws(RedisError) {
        guard let reader = redisReaderCreate() else {
            throw RedisError(code: .connection, message: "out of memory creating a reply reader", isRetryable: false)
        }
        self.reader = reader
    }

    deinit {
        redisReaderFree(reader)
    }

    /// Hands received bytes to the parser, which copies them.
    func feed(_ buffer: ByteBuffer) throws(RedisError) {
        let status = buffer.withUnsafeReadableBytes { bytes -> Int32 in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return REDIS_OK }
            return redisReaderFeed(reader, base.assumingMemoryBound(to: CChar.self), bytes.count)
        }
        guard status == REDIS_OK else { throw protocolFailure() }
    }

    /// The next complete reply, or nil when more bytes are needed.
    func next() throws(RedisError) -> RedisValue? {
        var raw: UnsafeMutableRawPointer?
        guard redisReaderGetReply(reader, &raw) == REDIS_OK else { throw protocolFailure() }
        guard let raw else { return nil }
        defer { freeReplyObject(raw) }
        return try RedisValue(hiredisReply: raw.assumingMemoryBound(to: redisReply.self))
    }

    private func protocolFailure() -> RedisError {
        let reason = withUnsafeBytes(of: reader.pointee.errstr) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return RedisError(code: .protocolError, message: "protocol error: \(reason)")
    }
}
