import Foundation
@testable import Platform
import Testing

/// `PayloadJSONEncoder` must write exactly the bytes Foundation's `JSONEncoder` writes with the
/// same conventions (snake_case keys, sorted, slashes unescaped, RFC 3339 dates), so Foundation
/// is the oracle: every case is encoded by both and the bytes, or the errors, must agree.
@Suite("payload JSON encoder agrees with Foundation's")
struct PayloadJSONEncoderTests {
    static let payload = PayloadJSONEncoder(formatDate: RFC3339.format)
    static let foundation = payload.foundationEquivalent()

    /// Encodes `value` with both encoders and checks the bytes agree. - Returns: the text.
    @discardableResult
    static func agree<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        let expected = Result { try foundation.encode(value) }
        let actual = Result { try payload.encode(value) }
        switch (expected, actual) {
        case (.success(let expected), .success(let actual)):
            let text = String(decoding: actual, as: UTF8.self)
            #expect(text == String(decoding: expected, as: UTF8.self), "\(value)", sourceLocation: sourceLocation)
            return text
        case (.failure(let expected), .failure(let actual)):
            #expect(ErrorShape(actual) == ErrorShape(expected), "\(value)", sourceLocation: sourceLocation)
        case (.success(let expected), .failure(let error)):
            Issue.record("\(value): Foundation wrote \(String(decoding: expected, as: UTF8.self)), payload encoder threw \(error)",
                         sourceLocation: sourceLocation)
        case (.failure(let error), .success(let actual)):
            Issue.record("\(value): Foundation threw \(error), payload encoder wrote \(String(decoding: actual, as: UTF8.self))",
                         sourceLocation: sourceLocation)
        }
        return nil
    }

    /// What must match between two encoding errors: the case and the coding path.
    struct ErrorShape: Equatable {
        let kind: String
        let path: [String]

        init(_ error: any Error) {
            guard case .invalidValue(_, let context) = error as? EncodingError else {
                kind = "\(type(of: error))"
                path = []
                return
            }
            (kind, path) = ("invalidValue", context.codingPath.map(\.stringValue))
        }
    }

    enum Status: String, Codable { case active, suspendedByAdmin }

    enum Shape: Codable {
        case circle(radius: Double)
        case namedPoint(String, xValue: Int)
        case empty
    }

    struct Line: Codable {
        let courseID: UUID
        let unitPriceCents: Int64
        let note: String?
    }

    struct Order: Codable {
        let orderID: UUID
        let userIDs: [UUID]
        let avatarURL: URL?
        let placedAt: Date
        let status: Status
        let lines: [Line]
        let metadata: [String: String]
        let countsByDay: [Int: Int]
        let shape: Shape
        let ratio: Double
        let flags: [Bool]
        let nested: [[String: [Int]]]
        let receipt: Data
        let total: Decimal
    }

    @Test("a command-like value with acronyms, optionals, nesting, dictionaries, dates, URLs, data and decimals")
    func commandLikeValue() throws {
        let order = Order(
            orderID: UUID(), userIDs: [UUID(), UUID()], avatarURL: URL(string: "https://cdn.example/a/b.png?x=1&y=/"),
            placedAt: Date(timeIntervalSince1970: 1_790_000_000.123), status: .suspendedByAdmin,
            lines: [Line(courseID: UUID(), unitPriceCents: 4_990, note: nil), Line(courseID: UUID(), unitPriceCents: 0, note: "gift")],
            metadata: ["relaisTransactionID": "t", "a_b": "c", "Zed": "z", "éclair": "é"], countsByDay: [3: 1, 10: 2, 1: 0],
            shape: .namedPoint("p", xValue: -3), ratio: 0.1, flags: [true, false], nested: [["k": [1, 2]], [:]],
            receipt: Data([0, 1, 2, 250, 255]), total: Decimal(string: "12.34")!)
        let text = try #require(Self.agree(order))
        #expect(text.contains(#""order_id":"#) && text.contains(#""relaisTransactionID":"t""#))
        Self.agree(Shape.circle(radius: 2.5))
        Self.agree(Shape.empty)
        Self.agree([Status.active])
    }

    @Test("numbers: integers at their limits, and floating point as Foundation writes it", arguments: [
        0.0, -0.0, 1.0, 0.1, 1.5e-7, 1e20, 1e21, 123_456_789.125, -2.5, Double.greatestFiniteMagnitude, Double.leastNonzeroMagnitude,
    ])
    func numbers(value: Double) {
        Self.agree(["value": value])
        Self.agree([Float(value)])
    }

    @Test("integers at their limits")
    func integers() {
        Self.agree([Int.min, Int.max])
        Self.agree([Int8.min, Int8.max])
        Self.agree([UInt64.max])
        Self.agree(["small": UInt8(7)])
    }

    @Test("a non-finite number is an error with the same coding path", arguments: [Double.nan, .infinity, -.infinity])
    func nonFinite(value: Double) {
        Self.agree(["ratios": [1.0, value]])
        Self.agree(Line?.none)
    }

    @Test("strings: quotes, backslashes, control characters, slashes and Unicode", arguments: [
        "", "plain", #"a "quoted" \ word"#, "tab\tline\nfeed\r\u{08}\u{0C}", "\u{00}\u{01}\u{1F}\u{7F}", "a/b</script>",
        "é 𝄞 👩‍👩‍👧 \u{2028}\u{2029}",
    ])
    func strings(text: String) {
        Self.agree([text: text])
    }

    @Test("member names are sorted as Foundation sorts them", arguments: [
        ["b", "a", "B", "_a", "a_b", "ab", "a1", "a10", "a2", "Z", "é", "e"],
    ])
    func sortedNames(names: [String]) {
        Self.agree(Dictionary(uniqueKeysWithValues: names.map { ($0, 1) }))
    }

    struct Empty: Codable {}

    @Test("superEncoder writes the \"super\" member; a value that encodes nothing is an empty object")
    func superAndEmpty() {
        Self.agree(PayloadJSONDecoderTests.Derived(baseName: "b", extraValue: 1))
        Self.agree(Empty())
        Self.agree([Empty()])
    }
}
