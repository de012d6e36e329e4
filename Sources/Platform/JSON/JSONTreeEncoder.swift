import Foundation

/// The `Encoder` of one value for `PayloadJSONEncoder`; containers and nested values get
/// encoders of their own that point back here, so the coding path is only built when an error
/// needs it.
final class JSONTreeEncoder: Encoder, SingleValueEncodingContainer {
    let options: PayloadJSONEncoder
    /// A `[String: T]` keeps its member names as written, as Foundation's encoder does: they are
    /// data, not property names.
    let keepsNames: Bool
    private(set) var value: JSONTreeValue?
    private let parent: JSONTreeEncoder?
    private let key: (any CodingKey)?
    /// Where a super encoder's value goes once it has been encoded (see `deinit`).
    private let writeBack: ((JSONTreeValue) -> Void)?

    init(options: PayloadJSONEncoder, keepsNames: Bool = false, parent: JSONTreeEncoder? = nil, key: (any CodingKey)? = nil,
         writeBack: ((JSONTreeValue) -> Void)? = nil) {
        self.options = options
        self.keepsNames = keepsNames
        self.parent = parent
        self.key = key
        self.writeBack = writeBack
    }

    deinit {
        // A super encoder is handed out before its value exists; like Foundation's, it writes
        // the value into its parent when the caller is done with it.
        writeBack?(value ?? .object(JSONTreeObject()))
    }

    var codingPath: [any CodingKey] {
        var path = parent?.codingPath ?? []
        if let key { path.append(key) }
        return path
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// A child encoder for the value reached from here through `key`.
    func child(key: (any CodingKey)?, keepsNames: Bool = false, writeBack: ((JSONTreeValue) -> Void)? = nil) -> JSONTreeEncoder {
        JSONTreeEncoder(options: options, keepsNames: keepsNames, parent: self, key: key, writeBack: writeBack)
    }

    /// The JSON name of a member: converted to snake_case unless this is a `[String: T]`.
    func name(_ key: some CodingKey) -> String {
        keepsNames ? key.stringValue : SnakeCaseKeys.jsonName(forSwiftName: key.stringValue)
    }

    // MARK: Encoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let object: JSONTreeObject
        if case .object(let existing) = value {
            object = existing
        } else {
            object = JSONTreeObject()
            value = .object(object)
        }
        return KeyedEncodingContainer(JSONTreeKeyedContainer<Key>(encoder: self, object: object))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let array: JSONTreeArray
        if case .array(let existing) = value {
            array = existing
        } else {
            array = JSONTreeArray()
            value = .array(array)
        }
        return JSONTreeUnkeyedContainer(encoder: self, array: array)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { self }

    // MARK: SingleValueEncodingContainer

    func encodeNil() { value = .null }
    func encode(_ value: Bool) { self.value = .bool(value) }
    func encode(_ value: String) { self.value = .string(value) }
    func encode(_ value: Double) throws { self.value = try number(value, key: nil) }
    func encode(_ value: Float) throws { self.value = try number(value, key: nil) }
    func encode(_ value: Int) { self.value = .number(String(value)) }
    func encode(_ value: Int8) { self.value = .number(String(value)) }
    func encode(_ value: Int16) { self.value = .number(String(value)) }
    func encode(_ value: Int32) { self.value = .number(String(value)) }
    func encode(_ value: Int64) { self.value = .number(String(value)) }
    func encode(_ value: UInt) { self.value = .number(String(value)) }
    func encode(_ value: UInt8) { self.value = .number(String(value)) }
    func encode(_ value: UInt16) { self.value = .number(String(value)) }
    func encode(_ value: UInt32) { self.value = .number(String(value)) }
    func encode(_ value: UInt64) { self.value = .number(String(value)) }
    func encode<T: Encodable>(_ value: T) throws { self.value = try box(value, key: nil) }

    // MARK: Values

    /// The JSON value of `value`, reached from here through `key` (nil: this encoder's own).
    /// Dates, URLs, data and decimals are written as Foundation's encoder writes them.
    func box<T: Encodable>(_ value: T, key: (any CodingKey)?) throws -> JSONTreeValue {
        switch value {
        case let text as String: return .string(text)
        case let date as Date: return .string(options.formatDate(date))
        case let url as URL: return .string(url.absoluteString)
        case let data as Data: return .string(data.base64EncodedString())
        case let decimal as Decimal: return .number(decimal.description)
        default:
            let encoder = child(key: key, keepsNames: T.self is any StringKeyedDictionary.Type)
            try value.encode(to: encoder)
            return encoder.value ?? .object(JSONTreeObject())
        }
    }

    /// A floating-point number as Foundation writes it: its shortest text, without a `.0` suffix.
    func number<F: BinaryFloatingPoint & CustomStringConvertible>(_ value: F, key: (any CodingKey)?) throws -> JSONTreeValue {
        guard value.isFinite else {
            var path = codingPath
            if let key { path.append(key) }
            throw EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "Unable to encode \(value) directly in JSON."))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }
}
