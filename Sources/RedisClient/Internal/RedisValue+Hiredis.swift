import CHiredis

extension RedisValue {
    /// Copies a hiredis reply tree into a `RedisValue`; the caller still frees `reply`.
    init(hiredisReply reply: UnsafePointer<redisReply>) throws(RedisError) {
        let node = reply.pointee
        switch node.type {
        case REDIS_REPLY_STRING:
            self = .bulk(Self.bytes(node.str, node.len))
        case REDIS_REPLY_STATUS:
            self = .status(String(decoding: Self.bytes(node.str, node.len), as: UTF8.self))
        case REDIS_REPLY_ERROR:
            self = .error(String(decoding: Self.bytes(node.str, node.len), as: UTF8.self))
        case REDIS_REPLY_INTEGER:
            self = .integer(Int64(node.integer))
        case REDIS_REPLY_NIL:
            self = .null
        case REDIS_REPLY_ARRAY:
            var elements: [RedisValue] = []
            elements.reserveCapacity(node.elements)
            for index in 0..<node.elements {
                guard let element = node.element?[index] else {
                    throw RedisError(code: .protocolError, message: "array reply with a missing element")
                }
                elements.append(try RedisValue(hiredisReply: element))
            }
            self = .array(elements)
        default:
            throw RedisError(code: .protocolError, message: "unknown reply type \(node.type)")
        }
    }

    private static func bytes(_ pointer: UnsafeMutablePointer<CChar>?, _ count: Int) -> [UInt8] {
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
