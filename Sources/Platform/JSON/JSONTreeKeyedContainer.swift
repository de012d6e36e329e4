/// The members of one JSON object being encoded, named by `JSONTreeEncoder.name(_:)`.
struct JSONTreeKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: JSONTreeEncoder
    let object: JSONTreeObject

    var codingPath: [any CodingKey] { encoder.codingPath }

    private func set(_ value: JSONTreeValue, _ key: Key) { object.members[encoder.name(key)] = value }

    mutating func encodeNil(forKey key: Key) { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(try encoder.number(value, key: key), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(try encoder.number(value, key: key), key) }
    mutating func encode(_ value: Int, forKey key: Key) { set(.number(String(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) { set(.number(String(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) { set(.number(String(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) { set(.number(String(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) { set(.number(String(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) { set(.number(String(value)), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { set(try encoder.box(value, key: key), key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONTreeObject()
        set(.object(nested), key)
        return KeyedEncodingContainer(JSONTreeKeyedContainer<NestedKey>(encoder: encoder.child(key: key), object: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = JSONTreeArray()
        set(.array(nested), key)
        return JSONTreeUnkeyedContainer(encoder: encoder.child(key: key), array: nested)
    }

    mutating func superEncoder() -> any Encoder {
        let object = self.object, key = SnakeCaseKeys.AnyKey("super"), name = encoder.name(key)
        return encoder.child(key: key) { object.members[name] = $0 }
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let object = self.object, name = encoder.name(key)
        return encoder.child(key: key) { object.members[name] = $0 }
    }
}
