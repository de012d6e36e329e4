/// The elements of one JSON array being encoded, in order.
struct JSONTreeUnkeyedContainer: UnkeyedEncodingContainer {
    let encoder: JSONTreeEncoder
    let array: JSONTreeArray

    var codingPath: [any CodingKey] { encoder.codingPath }
    var count: Int { array.elements.count }

    /// The key of the next element, for coding paths.
    private var nextKey: SnakeCaseKeys.AnyKey { SnakeCaseKeys.AnyKey(index: count) }

    private func append(_ value: JSONTreeValue) { array.elements.append(value) }

    mutating func encodeNil() { append(.null) }
    mutating func encode(_ value: Bool) { append(.bool(value)) }
    mutating func encode(_ value: String) { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(try encoder.number(value, key: nextKey)) }
    mutating func encode(_ value: Float) throws { append(try encoder.number(value, key: nextKey)) }
    mutating func encode(_ value: Int) { append(.number(String(value))) }
    mutating func encode(_ value: Int8) { append(.number(String(value))) }
    mutating func encode(_ value: Int16) { append(.number(String(value))) }
    mutating func encode(_ value: Int32) { append(.number(String(value))) }
    mutating func encode(_ value: Int64) { append(.number(String(value))) }
    mutating func encode(_ value: UInt) { append(.number(String(value))) }
    mutating func encode(_ value: UInt8) { append(.number(String(value))) }
    mutating func encode(_ value: UInt16) { append(.number(String(value))) }
    mutating func encode(_ value: UInt32) { append(.number(String(value))) }
    mutating func encode(_ value: UInt64) { append(.number(String(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { append(try encoder.box(value, key: nextKey)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONTreeObject()
        let key = nextKey
        append(.object(nested))
        return KeyedEncodingContainer(JSONTreeKeyedContainer<NestedKey>(encoder: encoder.child(key: key), object: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONTreeArray()
        let key = nextKey
        append(.array(nested))
        return JSONTreeUnkeyedContainer(encoder: encoder.child(key: key), array: nested)
    }

    mutating func superEncoder() -> any Encoder {
        let array = self.array, index = count
        append(.null)  // the place the super encoder's value fills
        return encoder.child(key: SnakeCaseKeys.AnyKey(index: index)) { array.elements[index] = $0 }
    }
}
