/// One record header: a UTF-8 key and opaque bytes (an empty value and a null value both read
/// back as `[]`).
public struct KafkaHeader: Sendable, Hashable {
    public var key: String
    public var value: [UInt8]

    public init(key: String, value: [UInt8]) {
        self.key = key
        self.value = value
    }

    /// A header whose value is the UTF-8 encoding of `string`.
    public init(key: String, string: String) {
        self.init(key: key, value: Array(string.utf8))
    }
}
