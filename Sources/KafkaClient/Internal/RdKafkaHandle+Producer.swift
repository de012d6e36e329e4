import CRdKafka

/// Why librdkafka refused to enqueue a message.
enum EnqueueFailure: Error {
    /// The local queue is full: serve delivery reports, then retry.
    case queueFull
    case failed(KafkaError)
}

extension RdKafkaHandle {
    /// Enqueues `message` with `opaque` as its delivery-report id.
    func produce(_ message: KafkaOutgoingMessage, opaque: UInt64) -> EnqueueFailure? {
        do {
            return try withPointer("send") { rk in
                Self.produce(message, topic: topicHandle(message.topic, on: rk), opaque: opaque, on: rk)
            }
        } catch {
            return .failed(KafkaError.closed("send"))
        }
    }

    /// Enqueues `messages` under one lease, reporting refusals through `failed`.
    /// - Returns: the index of the first message refused because the queue is full (it and the
    ///   ones after it were not enqueued), or nil when all were handled.
    func produce(
        _ messages: ArraySlice<KafkaOutgoingMessage>, opaque: (Int) -> UInt64, failed: (Int, KafkaError) -> Void
    ) -> Int? {
        do {
            return try withPointer("send") { rk -> Int? in
                // A batch usually targets one topic: remember the last handle looked up.
                var lastTopic: (name: String, handle: OpaquePointer?)?
                for index in messages.indices {
                    // Read fields in place: copying the message struct costs four retain/release
                    // pairs per message, which shows at a million messages a second.
                    if lastTopic?.name != messages[index].topic {
                        lastTopic = (messages[index].topic, topicHandle(messages[index].topic, on: rk))
                    }
                    switch Self.produce(messages[index], topic: lastTopic?.handle, opaque: opaque(index), on: rk) {
                    case nil: continue
                    case .queueFull: return index
                    case .failed(let error): failed(index, error)
                    }
                }
                return nil
            }
        } catch {
            for index in messages.indices { failed(index, KafkaError.closed("send")) }
            return nil
        }
    }

    /// Enqueues one message on a leased handle; non-blocking (no `RD_KAFKA_MSG_F_BLOCK`).
    /// librdkafka copies the key, value, headers and topic name before returning. `topic` is the
    /// cached topic handle, or nil to let librdkafka look the name up.
    private static func produce(_ message: KafkaOutgoingMessage, topic rkt: OpaquePointer?, opaque id: UInt64,
                                on rk: OpaquePointer) -> EnqueueFailure? {
        let keyCount = message.key?.count ?? 0
        var scratchSize = message.topic.utf8.count + 1 + keyCount + 1
        for header in message.headers { scratchSize += header.key.utf8.count + 1 + header.value.count }
        let fieldCount = 6 + message.headers.count

        return withUnsafeTemporaryAllocation(byteCount: scratchSize, alignment: 1) { scratch in
            withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: fieldCount) { fields in
                message.value.withUnsafeBytes { value in
                    // Every pointer must be non-NULL: a NULL value or header value would read as
                    // a null (tombstone) rather than an empty one.
                    guard let base = scratch.baseAddress, let fieldBase = fields.baseAddress else {
                        return .failed(Self.internalFailure)
                    }
                    var cursor = 0
                    func copy(_ bytes: some Collection<UInt8>, terminate: Bool) -> UnsafeRawPointer {
                        let start = base + cursor
                        let length = bytes.count
                        UnsafeMutableRawBufferPointer(rebasing: scratch[cursor..<(cursor + length)]).copyBytes(from: bytes)
                        cursor += length
                        if terminate {
                            scratch[cursor] = 0
                            cursor += 1
                        }
                        return UnsafeRawPointer(start)
                    }

                    var count = 0
                    func add(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
                        var field = rd_kafka_vu_t()
                        field.vtype = type
                        fill(&field)
                        (fieldBase + count).initialize(to: field)
                        count += 1
                    }

                    if let rkt {
                        add(RD_KAFKA_VTYPE_RKT) { $0.u.rkt = rkt }
                    } else {
                        let topic = copy(message.topic.utf8, terminate: true)
                        add(RD_KAFKA_VTYPE_TOPIC) { $0.u.cstr = topic.assumingMemoryBound(to: CChar.self) }
                    }
                    add(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
                    let valuePointer = value.baseAddress ?? UnsafeRawPointer(base)
                    add(RD_KAFKA_VTYPE_VALUE) {
                        $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: valuePointer)
                        $0.u.mem.size = value.count
                    }
                    if let key = message.key {
                        let keyPointer = copy(key, terminate: false)
                        add(RD_KAFKA_VTYPE_KEY) {
                            $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: keyPointer)
                            $0.u.mem.size = key.count
                        }
                    }
                    for header in message.headers {
                        let name = copy(header.key.utf8, terminate: true)
                        let headerValue = copy(header.value, terminate: false)
                        add(RD_KAFKA_VTYPE_HEADER) {
                            $0.u.header.name = name.assumingMemoryBound(to: CChar.self)
                            $0.u.header.val = headerValue
                            $0.u.header.size = header.value.count
                        }
                    }
                    add(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = UnsafeMutableRawPointer(bitPattern: UInt(id)) }

                    guard let error = rd_kafka_produceva(rk, fieldBase, count) else { return nil }
                    if rd_kafka_error_code(error) == RD_KAFKA_RESP_ERR__QUEUE_FULL {
                        rd_kafka_error_destroy(error)
                        return .queueFull
                    }
                    return .failed(KafkaError(consuming: error, context: "send to topic '\(message.topic)'"))
                }
            }
        }
    }

    /// Serves delivery reports for up to `timeoutMilliseconds` (producer poll thread).
    func pollEvents(timeoutMilliseconds: Int32) {
        _ = try? withPointer("poll") { rd_kafka_poll($0, timeoutMilliseconds) }
    }

    /// Waits until every queued message was acknowledged or failed; blocking.
    func flush(timeoutMilliseconds: Int32) throws {
        let err = try withPointer("flush") { rd_kafka_flush($0, timeoutMilliseconds) }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(err, context: "flush")
        }
    }

    /// Fails every queued and in-flight message (their reports carry `__PURGE_*`), then serves
    /// those reports so their senders resume.
    func purgeAndServe() {
        _ = try? withPointer("purge") { rk in
            _ = rd_kafka_purge(rk, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
            _ = rd_kafka_poll(rk, 0)
        }
    }

    private static var internalFailure: KafkaError {
        KafkaError(code: .other(-1), isRetryable: false, description: "send: could not build the message")
    }
}
