import KafkaClient

/// The envelope's header values of one consumed message, found in a single pass (the last
/// occurrence of a name wins, as Kafka clients read headers). Values stay bytes until parsed.
struct EnvelopeHeaders {
    var type: [UInt8]?
    var id: [UInt8]?
    var version: [UInt8]?
    var attempt: [UInt8]?
    var issuedAt: [UInt8]?
    var actor: [UInt8]?
    var traceparent: [UInt8]?

    init(_ headers: [KafkaHeader]) {
        for header in headers {
            switch header.key {
            case CommandHeader.type: type = header.value
            case CommandHeader.id: id = header.value
            case CommandHeader.version: version = header.value
            case CommandHeader.attempt: attempt = header.value
            case CommandHeader.issuedAt: issuedAt = header.value
            case CommandHeader.actor: actor = header.value
            case CommandHeader.traceparent: traceparent = header.value
            default: break
            }
        }
    }

    /// A decimal integer ≥ 1 of at most 9 digits (versions and attempts), or nil.
    static func positiveInteger(_ bytes: [UInt8]) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var value = 0
        for byte in bytes {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value > 0 ? value : nil
    }
}
