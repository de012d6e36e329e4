import CRdKafka
import Foundation

/// Owns one `rd_kafka_message_t` returned by `rd_kafka_consumer_poll`. Its key, value, headers
/// and topic name point into librdkafka memory that lives exactly as long as this object, so
/// `copy(topicNames:)` copies them into a `KafkaMessage`.
final class RdKafkaMessage {
    private let pointer: UnsafeMutablePointer<rd_kafka_message_t>

    init(taking pointer: UnsafeMutablePointer<rd_kafka_message_t>) {
        self.pointer = pointer
    }

    deinit {
        rd_kafka_message_destroy(pointer)
    }

    private var topic: String {
        pointer.pointee.rkt.flatMap { rd_kafka_topic_name($0) }.map { String(cString: $0) } ?? ""
    }

    /// Set when this is an error event rather than a record.
    var error: KafkaError? {
        let err = pointer.pointee.err
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        let partition = pointer.pointee.rkt == nil ? "" : " \(topic)[\(pointer.pointee.partition)]"
        var error = KafkaError(err, context: "consume\(partition)")
        if let text = rd_kafka_message_errstr(pointer) {
            error.description += ": " + String(cString: text)
        }
        return error
    }

    /// Topic names by librdkafka topic handle: a poll batch mostly repeats one or two topics,
    /// and building a `String` from C for every message is measurable at 100k messages/s.
    /// Lives for one poll step only: the handles are borrowed from messages of that step.
    struct TopicNames {
        private var names: [(handle: OpaquePointer, name: String)] = []

        mutating func name(of handle: OpaquePointer?) -> String {
            guard let handle else { return "" }
            if let known = names.first(where: { $0.handle == handle }) { return known.name }
            let name = rd_kafka_topic_name(handle).map { String(cString: $0) } ?? ""
            names.append((handle, name))
            return name
        }
    }

    func copy(topicNames: inout TopicNames) -> KafkaMessage {
        let message = pointer.pointee
        let key = message.key.map { Array(UnsafeRawBufferPointer(start: $0, count: message.key_len)) }
        let value = message.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: message.len)) } ?? []
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let milliseconds = rd_kafka_message_timestamp(pointer, &timestampType)
        let timestamp = milliseconds < 0 ? nil : Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        return KafkaMessage(
            topic: topicNames.name(of: message.rkt), partition: message.partition, offset: message.offset,
            key: key, value: value, headerList: headers(), timestamp: timestamp
        )
    }

    private func headers() -> KafkaHeaderList {
        var list: OpaquePointer?
        // The list belongs to the message; it is not destroyed here.
        guard rd_kafka_message_headers(pointer, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return KafkaHeaderList([]) }
        let count = rd_kafka_header_cnt(list)
        func header(_ index: Int) -> (name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>)? {
            var name: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var size = 0
            guard rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
            let nameBytes = name.map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) }
            return (UnsafeBufferPointer(start: nameBytes, count: name.map { strlen($0) } ?? 0),
                    UnsafeBufferPointer(start: value?.assumingMemoryBound(to: UInt8.self), count: value == nil ? 0 : size))
        }
        // Two passes: sizes first, so the one buffer is allocated once.
        var capacity = 0
        for index in 0..<count {
            if let (name, value) = header(index) {
                capacity += KafkaHeaderList.Builder.encodedLength(nameLength: name.count, valueLength: value.count)
            }
        }
        var builder = KafkaHeaderList.Builder(capacity: capacity)
        for index in 0..<count {
            if let (name, value) = header(index) { builder.append(name: name, value: value) }
        }
        return builder.list
    }
}
