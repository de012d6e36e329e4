import Foundation

/// The `Decoder` over one value of a `JSONTape`; containers and nested values get decoders of
/// their own that point back here, so the coding path is only built when an error needs it.
final class JSONTapeDecoder: Decoder, SingleValueDecodingContainer {
    let tape: JSONTape
    let node: Int
    let options: PayloadJSONDecoder
    /// A `[String: T]` keeps its member names as written, as Foundation's decoder does: they are
    /// data, not property names.
    let keepsNames: Bool
    /// Whether this value's member names are compared as written rather than as snake_case.
    var readsNamesVerbatim: Bool { keepsNames || options.memberNames == .verbatim }
    private let parent: JSONTapeDecoder?
    private let key: (any CodingKey)?

    private init(tape: JSONTape, node: Int, options: PayloadJSONDecoder, keepsNames: Bool,
                 parent: JSONTapeDecoder?, key: (any CodingKey)?) {
        self.tape = tape
        self.node = node
        self.options = options
        self.keepsNames = keepsNames
        self.parent = parent
        self.key = key
    }

    static func root(of tape: JSONTape, options: PayloadJSONDecoder) -> JSONTapeDecoder {
        JSONTapeDecoder(tape: tape, node: 0, options: options, keepsNames: false, parent: nil, key: nil)
    }

    /// A decoder for the value at `index`, reached from here through `key`.
    func child(at index: Int, key: (any CodingKey)?, keepsNames: Bool = false) -> JSONTapeDecoder {
        JSONTapeDecoder(tape: tape, node: index, options: options, keepsNames: keepsNames, parent: self, key: key)
    }

    var codingPath: [any CodingKey] {
        var path = parent?.codingPath ?? []
        if let key { path.append(key) }
        return path
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func path(appending key: (any CodingKey)?) -> [any CodingKey] {
        guard let key else { return codingPath }
        return codingPath + [key]
    }

    // MARK: Decoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        try expect(.object, [String: Any].self, at: node, key: nil)
        return KeyedDecodingContainer(JSONTapeKeyedContainer<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try expect(.array, [Any].self, at: node, key: nil)
        return JSONTapeUnkeyedContainer(decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    // MARK: SingleValueDecodingContainer

    func decodeNil() -> Bool { tape.nodes[node].kind == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try bool(at: node, key: nil) }
    func decode(_ type: String.Type) throws -> String { try string(at: node, key: nil) }
    func decode(_ type: Double.Type) throws -> Double { try floatingPoint(type, at: node, key: nil) }
    func decode(_ type: Float.Type) throws -> Float { try floatingPoint(type, at: node, key: nil) }
    func decode(_ type: Int.Type) throws -> Int { try integer(type, at: node, key: nil) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(type, at: node, key: nil) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(type, at: node, key: nil) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(type, at: node, key: nil) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(type, at: node, key: nil) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(type, at: node, key: nil) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type, at: node, key: nil) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type, at: node, key: nil) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type, at: node, key: nil) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type, at: node, key: nil) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type, at: node, key: nil) }

    // MARK: reading values

    /// Decodes the value at `index` (this decoder's own node, or a member or element of it).
    func decodeValue<T: Decodable>(_ type: T.Type, at index: Int, key: (any CodingKey)?) throws -> T {
        if let value = try JSONTapeValueReader.commonValue(type, at: index, key: key, in: self) { return value }
        let keepsNames = tape.nodes[index].kind == .object && T.self is any StringKeyedDictionary.Type
        // A value read through its own single-value container needs no second decoder.
        if index == node, key == nil, keepsNames == self.keepsNames { return try T(from: self) }
        return try T(from: child(at: index, key: key, keepsNames: keepsNames))
    }

    func bool(at index: Int, key: (any CodingKey)?) throws -> Bool {
        switch tape.nodes[index].kind {
        case .true: return true
        case .false: return false
        default: throw mismatch(Bool.self, at: index, key: key)
        }
    }

    func string(at index: Int, key: (any CodingKey)?) throws -> String {
        try expect(.string, String.self, at: index, key: key)
        return tape.string(at: index)
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type, at index: Int, key: (any CodingKey)?) throws -> T {
        try expect(.number, type, at: index, key: key)
        if tape.nodes[index].isPlain, let value = tape.withBytes(of: index, { IntegerText.parse(T.self, $0) }) {
            return value
        }
        // Like Foundation, an integral number written with a fraction or exponent ("1.0", "1e2") is accepted.
        let text = tape.numberText(at: index)
        if let double = Double(text), let value = T(exactly: double) { return value }
        throw DecodingError.dataCorrupted(.init(codingPath: path(appending: key), debugDescription: "Number \(text) does not fit in \(T.self)."))
    }

    func floatingPoint<T: BinaryFloatingPoint & LosslessStringConvertible>(_ type: T.Type, at index: Int,
                                                                          key: (any CodingKey)?) throws -> T {
        try expect(.number, type, at: index, key: key)
        let text = tape.numberText(at: index)
        guard let value = T(text), value.isFinite else {
            throw DecodingError.dataCorrupted(.init(codingPath: path(appending: key), debugDescription: "Number \(text) does not fit in \(T.self)."))
        }
        return value
    }

    /// Throws unless the node at `index` is of `kind`: `valueNotFound` for null, as Foundation does.
    func expect(_ kind: JSONTape.Kind, _ type: Any.Type, at index: Int, key: (any CodingKey)?) throws {
        guard tape.nodes[index].kind != kind else { return }
        throw mismatch(type, at: index, key: key)
    }

    func mismatch(_ type: Any.Type, at index: Int, key: (any CodingKey)?) -> DecodingError {
        let found = tape.nodes[index].kind
        if found == .null {
            return .valueNotFound(type, .init(codingPath: path(appending: key),
                                              debugDescription: "Cannot get value of type \(type) -- found null value instead"))
        }
        return .typeMismatch(type, .init(codingPath: path(appending: key),
                                         debugDescription: "Expected to decode \(type) but found \(found.name) instead."))
    }
}

/// `[String: T]`, whose names Foundation's decoder leaves as written.
protocol StringKeyedDictionary {}
extension Dictionary: StringKeyedDictionary where Key == String {}
