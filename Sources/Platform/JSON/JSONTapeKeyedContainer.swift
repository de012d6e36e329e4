/// The members of one JSON object, found by Swift property name (see `SnakeCaseKeyMatch`).
/// The first member with a matching name wins, as with Foundation's decoder.
struct JSONTapeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: JSONTapeDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        var keys: [Key] = []
        forEachMember { nameIndex, _ in
            let name = decoder.tape.string(at: nameIndex)
            if let key = Key(stringValue: decoder.readsNamesVerbatim ? name : SnakeCaseKeys.swiftName(forJSONKey: name)) {
                keys.append(key)
            }
            return false
        }
        return keys
    }

    func contains(_ key: Key) -> Bool { valueIndex(of: key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { decoder.tape.nodes[try require(key)].kind == .null }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder.bool(at: require(key), key: key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder.string(at: require(key), key: key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoder.floatingPoint(type, at: require(key), key: key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decoder.floatingPoint(type, at: require(key), key: key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder.integer(type, at: require(key), key: key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder.integer(type, at: require(key), key: key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder.integer(type, at: require(key), key: key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder.integer(type, at: require(key), key: key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder.integer(type, at: require(key), key: key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder.integer(type, at: require(key), key: key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder.integer(type, at: require(key), key: key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder.integer(type, at: require(key), key: key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder.integer(type, at: require(key), key: key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder.integer(type, at: require(key), key: key) }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.decodeValue(type, at: require(key), key: key)
    }

    /// One lookup instead of the three (`contains`, `decodeNil`, `decode`) of the default
    /// implementation; every optional property of every payload comes through here.
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let index = valueIndex(of: key), decoder.tape.nodes[index].kind != .null else { return nil }
        return try decoder.decodeValue(type, at: index, key: key)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type,
                                               forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.child(at: require(key), key: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(at: require(key), key: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        superDecoder(named: JSONSuperKey())
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        superDecoder(named: key)
    }

    // MARK: lookup

    /// A missing member reads as `null`, as in Foundation's decoder.
    private func superDecoder(named key: some CodingKey) -> any Decoder {
        decoder.child(at: valueIndex(of: key) ?? decoder.tape.absentIndex, key: key)
    }

    private func require(_ key: Key) throws -> Int {
        guard let index = valueIndex(of: key) else { throw keyNotFound(key) }
        return index
    }

    private func keyNotFound(_ key: some CodingKey) -> DecodingError {
        .keyNotFound(key, .init(codingPath: codingPath,
                                debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
    }

    /// The tape index of the value of the first member whose name stands for `key`.
    private func valueIndex(of key: some CodingKey) -> Int? {
        var swiftName = key.stringValue
        return swiftName.withUTF8 { swiftName in
            var found: Int?
            forEachMember { nameIndex, valueIndex in
                guard nameMatches(nameIndex, swiftName) else { return false }
                found = valueIndex
                return true
            }
            return found
        }
    }

    private func nameMatches(_ nameIndex: Int, _ swiftName: UnsafeBufferPointer<UInt8>) -> Bool {
        let tape = decoder.tape
        guard tape.nodes[nameIndex].isPlain else {
            // An escaped name is rare enough to unescape first.
            var name = tape.string(at: nameIndex)
            return name.withUTF8 { matches($0, swiftName) }
        }
        return tape.withBytes(of: nameIndex) { matches($0, swiftName) }
    }

    private func matches(_ jsonName: UnsafeBufferPointer<UInt8>, _ swiftName: UnsafeBufferPointer<UInt8>) -> Bool {
        decoder.readsNamesVerbatim ? jsonName.elementsEqual(swiftName) : SnakeCaseKeyMatch.matches(jsonName: jsonName, swiftName: swiftName)
    }

    /// Calls `body` with each member's name and value indices until it returns true.
    private func forEachMember(_ body: (_ nameIndex: Int, _ valueIndex: Int) -> Bool) {
        let tape = decoder.tape
        var nameIndex = decoder.node + 1
        for _ in 0..<Int(tape.nodes[decoder.node].count) {
            let valueIndex = nameIndex + 1
            if body(nameIndex, valueIndex) { return }
            nameIndex = tape.after(valueIndex)
        }
    }
}

/// The key `superDecoder()` reads, as Foundation names it.
struct JSONSuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { guard stringValue == "super" else { return nil } }
    init?(intValue: Int) { nil }
}
