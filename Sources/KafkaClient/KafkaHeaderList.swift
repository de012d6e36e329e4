/// A consumed record's headers as they arrived, names and values back to back in one buffer:
/// one allocation per record instead of two per header, which was most of what the poll thread
/// allocated. Read in record order without copying; a name may repeat.
public struct KafkaHeaderList: Sequence, Sendable {
    /// One header: slices of the shared buffer.
    public struct Entry: Sendable {
        public let name: ArraySlice<UInt8>
        public let value: ArraySlice<UInt8>
    }

    // Layout per header: name length (2 bytes), value length (4 bytes), little-endian, then
    // the name and the value.
    private let storage: [UInt8]
    private static let prefixLength = 6

    public init(_ headers: [KafkaHeader]) {
        var builder = Builder(capacity: headers.reduce(0) { $0 + Self.prefixLength + $1.key.utf8.count + $1.value.count })
        for header in headers {
            Array(header.key.utf8).withUnsafeBufferPointer { name in
                header.value.withUnsafeBufferPointer { value in builder.append(name: name, value: value) }
            }
        }
        self = builder.list
    }

    private init(storage: [UInt8]) {
        self.storage = storage
    }

    /// Builds a list from C memory, copying each name and value once into the shared buffer.
    struct Builder {
        private var storage: [UInt8] = []

        /// - Parameter capacity: the total of `encodedLength` over the headers to come.
        init(capacity: Int) {
            storage.reserveCapacity(capacity)
        }

        static func encodedLength(nameLength: Int, valueLength: Int) -> Int {
            prefixLength + nameLength + valueLength
        }

        mutating func append(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) {
            // Kafka header names are short strings; anything longer than 64 KiB is cut, not trusted.
            let name = UnsafeBufferPointer(rebasing: name.prefix(Int(UInt16.max)))
            let nameLength = UInt16(name.count)
            let valueLength = UInt32(truncatingIfNeeded: value.count)
            storage.append(UInt8(truncatingIfNeeded: nameLength))
            storage.append(UInt8(truncatingIfNeeded: nameLength >> 8))
            for shift in stride(from: 0, to: 32, by: 8) { storage.append(UInt8(truncatingIfNeeded: valueLength >> UInt32(shift))) }
            storage.append(contentsOf: name)
            storage.append(contentsOf: value)
        }

        var list: KafkaHeaderList { KafkaHeaderList(storage: storage) }
    }

    public struct Iterator: IteratorProtocol {
        private let storage: [UInt8]
        private var offset = 0

        fileprivate init(storage: [UInt8]) {
            self.storage = storage
        }

        public mutating func next() -> Entry? {
            guard offset + KafkaHeaderList.prefixLength <= storage.count else { return nil }
            let nameLength = Int(storage[offset]) | Int(storage[offset + 1]) << 8
            var valueLength = 0
            for byte in 0..<4 { valueLength |= Int(storage[offset + 2 + byte]) << (8 * byte) }
            let nameStart = offset + KafkaHeaderList.prefixLength
            let valueStart = nameStart + nameLength
            offset = valueStart + valueLength
            return Entry(name: storage[nameStart..<valueStart], value: storage[valueStart..<offset])
        }
    }

    public func makeIterator() -> Iterator { Iterator(storage: storage) }

    public var isEmpty: Bool { storage.isEmpty }

    /// The value of the last header named `name`, as Kafka clients conventionally read headers.
    public func last(named name: String) -> ArraySlice<UInt8>? {
        var found: ArraySlice<UInt8>?
        for entry in self where entry.name.elementsEqual(name.utf8) { found = entry.value }
        return found
    }

    /// The headers as separate values (copies).
    public var headers: [KafkaHeader] {
        map { KafkaHeader(key: String(decoding: $0.name, as: UTF8.self), value: Array($0.value)) }
    }
}
