import Foundation

/// Values read without building a decoder for them: the common scalars, and the types
/// Foundation's `JSONDecoder` treats specially (its strategies apply to `Date` and `Data`; `URL`
/// and `Decimal` are read from their text), so that results match it.
enum JSONTapeValueReader {
    static func commonValue<T>(_ type: T.Type, at index: Int, key: (any CodingKey)?,
                               in decoder: JSONTapeDecoder) throws -> T? {
        if T.self == String.self { return try decoder.string(at: index, key: key) as? T }
        if T.self == Int.self { return try decoder.integer(Int.self, at: index, key: key) as? T }
        if T.self == Bool.self { return try decoder.bool(at: index, key: key) as? T }
        if T.self == Double.self { return try decoder.floatingPoint(Double.self, at: index, key: key) as? T }
        if T.self == Int64.self { return try decoder.integer(Int64.self, at: index, key: key) as? T }
        if T.self == UUID.self { return try uuid(at: index, key: key, in: decoder) as? T }
        if T.self == Date.self { return try date(at: index, key: key, in: decoder) as? T }
        if T.self == Decimal.self { return try decimal(at: index, key: key, in: decoder) as? T }
        if T.self == URL.self { return try url(at: index, key: key, in: decoder) as? T }
        if T.self == Data.self { return try data(at: index, key: key, in: decoder) as? T }
        return nil
    }

    private static func uuid(at index: Int, key: (any CodingKey)?, in decoder: JSONTapeDecoder) throws -> UUID {
        let text = try decoder.string(at: index, key: key)
        guard let uuid = UUIDText.parse(text) else {
            throw corrupted("Attempted to decode UUID from invalid UUID string.", key: key, in: decoder)
        }
        return uuid
    }

    private static func date(at index: Int, key: (any CodingKey)?, in decoder: JSONTapeDecoder) throws -> Date {
        let text = try decoder.string(at: index, key: key)
        guard let date = decoder.options.parseDate(text) else { throw corrupted("not an RFC 3339 time", key: key, in: decoder) }
        return date
    }

    private static func decimal(at index: Int, key: (any CodingKey)?, in decoder: JSONTapeDecoder) throws -> Decimal {
        try decoder.expect(.number, Decimal.self, at: index, key: key)
        let text = decoder.tape.numberText(at: index)
        guard let decimal = Decimal(string: text, locale: nil) else {
            throw corrupted("Number \(text) does not fit in Decimal.", key: key, in: decoder)
        }
        return decimal
    }

    private static func url(at index: Int, key: (any CodingKey)?, in decoder: JSONTapeDecoder) throws -> URL {
        guard let url = URL(string: try decoder.string(at: index, key: key)) else {
            throw corrupted("Invalid URL string.", key: key, in: decoder)
        }
        return url
    }

    private static func data(at index: Int, key: (any CodingKey)?, in decoder: JSONTapeDecoder) throws -> Data {
        guard let data = Data(base64Encoded: try decoder.string(at: index, key: key)) else {
            throw corrupted("Encountered Data is not valid Base64.", key: key, in: decoder)
        }
        return data
    }

    private static func corrupted(_ description: String, key: (any CodingKey)?, in decoder: JSONTapeDecoder) -> DecodingError {
        .dataCorrupted(.init(codingPath: decoder.path(appending: key), debugDescription: description))
    }
}
