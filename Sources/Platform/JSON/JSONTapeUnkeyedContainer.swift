/// The elements of one JSON array, read in order.
struct JSONTapeUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: JSONTapeDecoder
    let count: Int?
    private(set) var currentIndex = 0
    /// The tape index of the element at `currentIndex`.
    private var position: Int

    init(decoder: JSONTapeDecoder) {
        self.decoder = decoder
        count = Int(decoder.tape.nodes[decoder.node].count)
        position = decoder.node + 1
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var isAtEnd: Bool { currentIndex >= (count ?? 0) }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw atEnd(Optional<Any>.self) }
        guard decoder.tape.nodes[position].kind == .null else { return false }
        advance()
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next { try $0.bool(at: $1, key: $2) } }
    mutating func decode(_ type: String.Type) throws -> String { try next { try $0.string(at: $1, key: $2) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try next { try $0.floatingPoint(type, at: $1, key: $2) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try next { try $0.floatingPoint(type, at: $1, key: $2) } }
    mutating func decode(_ type: Int.Type) throws -> Int { try next { try $0.integer(type, at: $1, key: $2) } }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try next { try $0.integer(type, at: $1, key: $2) } }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try next { try $0.integer(type, at: $1, key: $2) } }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next { try $0.integer(type, at: $1, key: $2) } }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next { try $0.integer(type, at: $1, key: $2) } }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try next { try $0.integer(type, at: $1, key: $2) } }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try next { try $0.integer(type, at: $1, key: $2) } }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try next { try $0.integer(type, at: $1, key: $2) } }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next { try $0.integer(type, at: $1, key: $2) } }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next { try $0.integer(type, at: $1, key: $2) } }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next { try $0.decodeValue(type, at: $1, key: $2) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next { try $0.child(at: $1, key: $2).container(keyedBy: type) }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next { try $0.child(at: $1, key: $2).unkeyedContainer() }
    }

    mutating func superDecoder() throws -> any Decoder {
        try next { $0.child(at: $1, key: $2) }
    }

    /// Reads the current element and moves past it only if reading succeeded, as Foundation does.
    private mutating func next<T>(_ read: (JSONTapeDecoder, Int, JSONIndexKey) throws -> T) throws -> T {
        guard !isAtEnd else { throw atEnd(T.self) }
        let value = try read(decoder, position, JSONIndexKey(index: currentIndex))
        advance()
        return value
    }

    private mutating func advance() {
        position = decoder.tape.after(position)
        currentIndex += 1
    }

    private func atEnd(_ type: Any.Type) -> DecodingError {
        .valueNotFound(type, .init(codingPath: codingPath + [JSONIndexKey(index: currentIndex)],
                                   debugDescription: "Unkeyed container is at end."))
    }
}

/// The coding-path key of an array element.
struct JSONIndexKey: CodingKey {
    let index: Int
    var stringValue: String { "Index \(index)" }
    var intValue: Int? { index }
    init(index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { index = intValue }
}
