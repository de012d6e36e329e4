import Foundation

/// Encodes command payloads: snake_case member names (`SnakeCaseKeys`), keys sorted, slashes
/// unescaped, times in the text form `formatDate` writes.
///
/// It writes the bytes Foundation's `JSONEncoder` writes with `SnakeCaseKeys.encoding`,
/// `[.sortedKeys, .withoutEscapingSlashes]` and the same date strategy (the tests hold it to
/// that, Foundation being the oracle). The outbox encodes every follow-up a worker queues, and
/// Foundation's encoder builds the coding path of every key to hand it to the key strategy;
/// this one builds a small tree, converts names through the cache, and writes it once.
public struct PayloadJSONEncoder: Sendable {
    let formatDate: @Sendable (Date) -> String

    /// Relais's one convention, for command payloads and HTTP bodies alike: RFC 3339 times.
    public static let rfc3339 = PayloadJSONEncoder(formatDate: RFC3339.format)

    public init(formatDate: @escaping @Sendable (Date) -> String) {
        self.formatDate = formatDate
    }

    /// Foundation's `JSONEncoder` set up with the conventions this encoder reproduces byte for
    /// byte (what the tests hold it to).
    public func foundationEquivalent() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = SnakeCaseKeys.encoding
        let formatDate = self.formatDate
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(formatDate(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// - Throws: `EncodingError.invalidValue` for a non-finite number, as Foundation's encoder does.
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = JSONTreeEncoder(options: self)
        let tree = try root.box(value, key: nil)
        var output: [UInt8] = []
        output.reserveCapacity(256)
        JSONTreeWriter.write(tree, into: &output)
        return output
    }
}
