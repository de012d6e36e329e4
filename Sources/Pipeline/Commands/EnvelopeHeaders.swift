import KafkaClient

/// The envelope's header values of one consumed message, found in a single pass (the last
/// occurrence of a name wins, as Kafka clients read headers). Values stay slices of the
/// record's header buffer until parsed.
struct EnvelopeHeaders {
    var type: ArraySlice<UInt8>?
    var id: ArraySlice<UInt8>?
    var version: ArraySlice<UInt8>?
    var attempt: ArraySlice<UInt8>?
    var issuedAt: ArraySlice<UInt8>?
    var actor: ArraySlice<UInt8>?
    var traceparent: ArraySlice<UInt8>?

    private static let names = (
        type: Array(CommandHeader.type.utf8), id: Array(CommandHeader.id.utf8), version: Array(CommandHeader.version.utf8),
        attempt: Array(CommandHeader.attempt.utf8), issuedAt: Array(CommandHeader.issuedAt.utf8),
        actor: Array(CommandHeader.actor.utf8), traceparent: Array(CommandHeader.traceparent.utf8)
    )

    init(_ headers: KafkaHeaderList) {
        let names = Self.names
        for header in headers {
            let name = header.name
            if Self.equal(name, names.type) { type = header.value }
            else if Self.equal(name, names.id) { id = header.value }
            else if Self.equal(name, names.version) { version = header.value }
            else if Self.equal(name, names.attempt) { attempt = header.value }
            else if Self.equal(name, names.issuedAt) { issuedAt = header.value }
            else if Self.equal(name, names.actor) { actor = header.value }
            else if Self.equal(name, names.traceparent) { traceparent = header.value }
        }
    }

    @inline(__always)
    private static func equal(_ name: ArraySlice<UInt8>, _ expected: [UInt8]) -> Bool {
        name.count == expected.count && name.elementsEqual(expected)
    }

    /// A decimal integer ≥ 1 of at most 9 digits (versions and attempts), or nil.
    static func positiveInteger(_ bytes: some Collection<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var value = 0
        for byte in bytes {
            guard (0x30...0x39).contains(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value > 0 ? value : nil
    }
}
