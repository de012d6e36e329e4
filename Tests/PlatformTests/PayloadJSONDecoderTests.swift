import Foundation
@testable import Platform
import Testing

/// `PayloadJSONDecoder` must decode exactly what Foundation's `JSONDecoder` decodes with the
/// same conventions, so Foundation is the oracle: every case is decoded by both and the results
/// (values, or the kind and coding path of the error) must agree.
@Suite("payload JSON decoder agrees with Foundation's")
struct PayloadJSONDecoderTests {
    static let foundation: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = SnakeCaseKeys.decoding
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            guard let date = RFC3339.parse(try container.decode(String.self)) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 time")
            }
            return date
        }
        return decoder
    }()
    static let payload = PayloadJSONDecoder(parseDate: RFC3339.parse)

    /// Decodes `json` with both decoders and checks they agree. - Returns: the decoded value.
    @discardableResult
    static func agree<T: Decodable & Equatable>(_ type: T.Type, _ json: String,
                                                sourceLocation: SourceLocation = #_sourceLocation) -> T? {
        let expected = Result { try foundation.decode(T.self, from: Data(json.utf8)) }
        let actual = Result { try payload.decode(T.self, from: Array(json.utf8)) }
        switch (expected, actual) {
        case (.success(let expected), .success(let actual)):
            #expect(actual == expected, "\(json)", sourceLocation: sourceLocation)
            return actual
        case (.failure(let expected), .failure(let actual)):
            #expect(ErrorShape(actual) == ErrorShape(expected), "\(json)", sourceLocation: sourceLocation)
        case (.success(let expected), .failure(let error)):
            Issue.record("\(json): Foundation decoded \(expected), payload decoder threw \(error)", sourceLocation: sourceLocation)
        case (.failure(let error), .success(let actual)):
            Issue.record("\(json): Foundation threw \(error), payload decoder decoded \(actual)", sourceLocation: sourceLocation)
        }
        return nil
    }

    /// What must match between two decoding errors: the case and the coding path.
    struct ErrorShape: Equatable {
        let kind: String
        let path: [String]

        init(_ error: any Error) {
            guard let error = error as? DecodingError else {
                kind = "not a DecodingError"
                path = []
                return
            }
            switch error {
            case .typeMismatch(_, let context): (kind, path) = ("typeMismatch", context.codingPath.map(\.stringValue))
            case .valueNotFound(_, let context): (kind, path) = ("valueNotFound", context.codingPath.map(\.stringValue))
            case .keyNotFound(let key, let context): (kind, path) = ("keyNotFound", (context.codingPath + [key]).map(\.stringValue))
            case .dataCorrupted(let context):
                // Foundation reports invalid JSON at the root; so do we.
                (kind, path) = ("dataCorrupted", context.codingPath.map(\.stringValue))
            @unknown default: (kind, path) = ("unknown", [])
            }
        }
    }

    enum Status: String, Codable, Equatable { case active, suspendedByAdmin }

    enum Shape: Codable, Equatable {
        case circle(radius: Double)
        /// Unlabelled values are keyed `_0`, which neither decoder reads back under the
        /// snake_case convention ("_0" converts to "0"); they agree on that too.
        case namedPoint(String, xValue: Int)
        case labelledPoint(name: String, xValue: Int)
        case empty
    }

    struct Line: Codable, Equatable {
        let courseID: UUID
        let unitPriceCents: Int64
        let note: String?
    }

    struct Order: Codable, Equatable {
        let id: UUID
        let userID: UUID
        let avatarURL: URL
        let displayName: String
        let lines: [Line]
        let tags: Set<String>
        let metadata: [String: String]
        let lineByKey: [String: Line]
        let placedAt: Date
        let refundedAt: Date?
        let total: Decimal
        let ratio: Double
        let weight: Float
        let smsOptIn: Bool
        let courseIDs: [UUID]
        let status: Status
        let shapes: [Shape]
        let attachment: Data
        let small: Int8
        let unsigned: UInt64
        let scores: [Int?]
        let nested: [[Int]]
    }

    static let order = Order(
        id: UUID(), userID: UUID(), avatarURL: URL(string: "https://cdn.example.com/a/b.png?x=1&y=é")!,
        displayName: "Zoé \"Z\" Tremblay\n\t😀 \\ / \u{1}", lines: [
            Line(courseID: UUID(), unitPriceCents: 4_900, note: nil),
            Line(courseID: UUID(), unitPriceCents: Int64.max, note: "première"),
        ], tags: ["a", "b_c"], metadata: ["utm_source": "mail", "plainKey": "x", "": "empty"],
        lineByKey: ["line_one": Line(courseID: UUID(), unitPriceCents: -1, note: "n")],
        placedAt: Date(timeIntervalSince1970: 1_790_000_000.123), refundedAt: nil,
        total: Decimal(string: "12345.678901234567890123")!, ratio: 0.1, weight: 3.25, smsOptIn: true,
        courseIDs: [UUID(), UUID()], status: .suspendedByAdmin,
        shapes: [.circle(radius: 2.5), .labelledPoint(name: "p", xValue: -3), .empty], attachment: Data([0, 1, 2, 250, 255]),
        small: -128, unsigned: UInt64.max, scores: [1, nil, 3], nested: [[], [1], [2, 3]])

    @Test("a payload written by the snake_case encoder decodes to the same value as with Foundation")
    func encodedPayload() throws {
        let encoder = PayloadJSONEncoder(formatDate: RFC3339.format).foundationEquivalent()
        let json = String(decoding: try encoder.encode(Self.order), as: UTF8.self)
        #expect(json.contains("\"user_id\"") && json.contains("\"utm_source\"") && json.contains("\"sms_opt_in\""))
        let decoded = try #require(Self.agree(Order.self, json))
        #expect(decoded.lines[1].unitPriceCents == Int64.max)
        #expect(decoded.metadata["utm_source"] == "mail")
    }

    @Test("scalars, limits and number forms", arguments: [
        "0", "-0", "1", "-1", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
        "1.0", "1e2", "1E+2", "1.5", "1e400", "-1e-7", "0.1", "123456789012345678901234567890", "\"1\"", "null", "true",
        " 42 ", "01", "1.", ".5", "-", "1e", "+1", "NaN", "Infinity", "0x10",
    ])
    func numbers(json: String) {
        Self.agree(Int.self, json)
        Self.agree(Int8.self, json)
        Self.agree(UInt8.self, json)
        Self.agree(UInt64.self, json)
        Self.agree(Int32.self, json)
        Self.agree(Double.self, json)
        Self.agree(Float.self, json)
        Self.agree(Decimal.self, json)
    }

    @Test("strings, escapes and Unicode", arguments: [
        #""""#, #""plain""#, #""é😀""#, #""\u00e9\ud83d\ude00""#, #""\"\\\/\b\f\n\r\t""#, #""\u0000""#,
        #""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, #""\x""#, #""\u12""#, "\"tab\there\"", "\"unterminated",
        #""1""#, "1", "null", "[\"a\"]",
    ])
    func strings(json: String) {
        Self.agree(String.self, json)
        Self.agree([String].self, "[\(json)]")
        Self.agree([String: String].self, "{\"k\":\(json)}")
    }

    @Test("invalid UTF-8 is rejected, valid multi-byte text is kept", arguments: [
        [0x22, 0xC3, 0xA9, 0x22], [0x22, 0xF0, 0x9F, 0x98, 0x80, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xC0, 0xAF, 0x22],
        [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], [0x22, 0xFF, 0x22], [0x22, 0xE2, 0x82, 0x22],
    ] as [[UInt8]])
    func utf8(bytes: [UInt8]) {
        let expected = try? Self.foundation.decode(String.self, from: Data(bytes))
        let actual = try? Self.payload.decode(String.self, from: bytes)
        #expect(actual == expected, "\(bytes)")
    }

    @Test("objects: missing members, nulls, wrong types and duplicates", arguments: [
        #"{"course_id":"7d444840-9dc0-11d1-b245-5ffdce74fad2","unit_price_cents":5}"#,
        #"{"course_id":"7D444840-9DC0-11D1-B245-5FFDCE74FAD2","unit_price_cents":5,"note":null}"#,
        #"{"course_id":"7d444840-9dc0-11d1-b245-5ffdce74fad2","unit_price_cents":5,"note":"x","extra":[1,{"a":2}]}"#,
        #"{"course_id":"7d444840-9dc0-11d1-b245-5ffdce74fad2"}"#,
        #"{"course_id":"7d444840-9dc0-11d1-b245-5ffdce74fad2","unit_price_cents":null}"#,
        #"{"course_id":"7d444840-9dc0-11d1-b245-5ffdce74fad2","unit_price_cents":"5"}"#,
        #"{"course_id":"not-a-uuid","unit_price_cents":5}"#,
        #"{"course_id":"7d444840-9dc0-11d1-b245-5ffdce74fad2","unit_price_cents":1,"unit_price_cents":2}"#,
        #"{"courseID":"7d444840-9dc0-11d1-b245-5ffdce74fad2","unit_price_cents":5}"#,
        #"{"course_\u0069d":"7d444840-9dc0-11d1-b245-5ffdce74fad2","unit_price_cents":5}"#,
        #"[1]"#, #"null"#, #"{"#, #"{"a" 1}"#, #"{,}"#, #"{} x"#, "",
    ])
    func objects(json: String) {
        Self.agree(Line.self, json)
        Self.agree([Line].self, "[\(json)]")
        Self.agree([String: Line].self, "{\"line_one\":\(json)}")
    }

    @Test("arrays, optionals, nested containers and enums with associated values", arguments: [
        "[]", "[1,null,3]", "[[1],[2,3],[]]", "[,]", "[1 2]", "[null]", "{\"a\":1}",
    ])
    func arrays(json: String) {
        Self.agree([Int?].self, json)
        Self.agree([[Int]].self, json)
        Self.agree([Int].self, json)
        Self.agree(Set<Int>.self, json)
    }

    @Test("enums: raw values and associated values", arguments: [
        #""active""#, #""suspended_by_admin""#, #""unknown""#, "1",
        #"{"circle":{"radius":2}}"#, #"{"named_point":{"_0":"p","x_value":1}}"#, #"{"empty":{}}"#,
        #"{"circle":{"radius":2},"empty":{}}"#, #"{"square":{}}"#, #"{"circle":{"diameter":2}}"#,
    ])
    func enums(json: String) {
        Self.agree(Status.self, json)
        Self.agree(Shape.self, json)
    }

    @Test("a trailing comma is an error, as RFC 8259 says (Foundation accepts it)", arguments: [
        "[1,2,]", #"{"a":1,}"#, #"{"course_id":"7d444840-9dc0-11d1-b245-5ffdce74fad2","unit_price_cents":5,}"#,
    ])
    func trailingComma(json: String) {
        #expect(throws: DecodingError.self) { try Self.payload.decode([Int].self, from: Array(json.utf8)) }
        #expect(throws: DecodingError.self) { try Self.payload.decode(Line.self, from: Array(json.utf8)) }
    }

    @Test("dictionaries keep their names as written; the objects inside them are converted")
    func dictionaries() throws {
        let text = try #require(Self.agree([String: [String: Int]].self, #"{"a_b":{"c_d":1}}"#))
        #expect(text["a_b"]?["c_d"] == 1)
        Self.agree([Int: String].self, #"{"1":"a","2":"b"}"#)
        Self.agree([Int: String].self, #"{"x":"a"}"#)
        Self.agree([String: Line?].self, #"{"k":null}"#)
    }

    @Test("dates, URLs and base64 data follow the configured formats", arguments: [
        #""2026-11-22T10:00:00.123Z""#, #""2026-11-22T10:00:00Z""#, #""2026-11-22""#, "1790000000", #""not a date""#,
    ])
    func dates(json: String) {
        Self.agree(Date.self, json)
        Self.agree(URL.self, json)
        Self.agree(Data.self, json)
        Self.agree(Data.self, #""AAEC+v8=""#)
    }

    @Test("member names convert as SnakeCaseKeys.camelCase says", arguments: [
        "user_id", "display_name", "sms_opt_in", "course_ids", "avatar_url", "USER_ID", "User_Name", "a__b", "_a", "a_",
        "__", "_", "plain", "page2_title", "x_sms", "stripe_customer_id", "vat_id", "json_ids", "é_a", "a_é",
    ])
    func names(jsonName: String) {
        let swiftName = SnakeCaseKeys.swiftName(forJSONKey: jsonName)
        var json = jsonName
        var swift = swiftName
        json.withUTF8 { json in
            swift.withUTF8 { swift in
                #expect(SnakeCaseKeyMatch.matches(jsonName: json, swiftName: swift), "\(jsonName) → \(swiftName)")
            }
        }
        for other in ["userId", "userID", "displayname", "smsOptIn", "SMSOptIn", "courseIDs", "courseIds", "aB", "a", "A"]
        where other != swiftName {
            var otherName = other
            json.withUTF8 { json in
                otherName.withUTF8 { other in
                    #expect(!SnakeCaseKeyMatch.matches(jsonName: json, swiftName: other), "\(jsonName) ≠ \(other)")
                }
            }
        }
    }

    @Test("nesting deeper than the limit is an error, not a crash")
    func depth() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: DecodingError.self) { try Self.payload.decode(Int.self, from: Array(deep.utf8)) }
        func nested(_ depth: Int) -> [UInt8] {
            Array((String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)).utf8)
        }
        let limit = JSONTapeParser.maxDepth
        #expect((try? JSONTape(parsing: nested(limit)))?.nodes.count == limit + 2)  // arrays, the 1, the absent null
        #expect(throws: DecodingError.self) { try JSONTape(parsing: nested(limit + 1)) }
        #expect((try? Self.payload.decode(Wrapped.self, from: Array("[[[7]]]".utf8)))?.value == 7)
    }

    struct Wrapped: Decodable {
        let value: Int
        init(from decoder: any Decoder) throws {
            var outer = try decoder.unkeyedContainer()
            var middle = try outer.nestedUnkeyedContainer()
            var inner = try middle.nestedUnkeyedContainer()
            value = try inner.decode(Int.self)
        }
    }

    class Base: Codable, Equatable {
        let baseName: String
        init(baseName: String) { self.baseName = baseName }
        static func == (lhs: Base, rhs: Base) -> Bool { lhs.baseName == rhs.baseName }
    }

    final class Derived: Base {
        let extraValue: Int
        enum CodingKeys: String, CodingKey { case extraValue }
        init(baseName: String, extraValue: Int) {
            self.extraValue = extraValue
            super.init(baseName: baseName)
        }
        required init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            extraValue = try container.decode(Int.self, forKey: .extraValue)
            try super.init(from: container.superDecoder())
        }
        /// The mirror image, for `PayloadJSONEncoderTests`.
        override func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(extraValue, forKey: .extraValue)
            try super.encode(to: container.superEncoder())
        }
        static func == (lhs: Derived, rhs: Derived) -> Bool { lhs.baseName == rhs.baseName && lhs.extraValue == rhs.extraValue }
    }

    @Test("superDecoder reads the \"super\" member")
    func superDecoder() {
        Self.agree(Derived.self, #"{"extra_value":1,"super":{"base_name":"b"}}"#)
        Self.agree(Derived.self, #"{"extra_value":1}"#)
    }

    /// Written by others (a payment provider's events): keys spelled out, compared as written.
    struct ProviderObject: Decodable, Equatable {
        let id: String
        let amountReceived: Int64?
        let metadata: [String: String]
        enum CodingKeys: String, CodingKey { case id, metadata, amountReceived = "amount_received" }
    }

    @Test("verbatim member names decode as a JSONDecoder with default options does", arguments: [
        #"{"id":"pi_1","amount_received":500,"metadata":{"relais_transaction_id":"t"}}"#,
        #"{"id":"pi_1","amountReceived":500,"metadata":{}}"#,
        #"{"id":"pi_1","metadata":{"a_b":"c"},"amount_received":null}"#,
        #"{"amount_received":1,"metadata":{}}"#,
        #"{"id":"pi_1","amount_received":"500","metadata":{}}"#,
    ])
    func verbatimNames(json: String) {
        let verbatim = PayloadJSONDecoder(parseDate: RFC3339.parse, memberNames: .verbatim)
        let expected = Result { try JSONDecoder().decode(ProviderObject.self, from: Data(json.utf8)) }
        let actual = Result { try verbatim.decode(ProviderObject.self, from: Array(json.utf8)) }
        switch (expected, actual) {
        case (.success(let expected), .success(let actual)): #expect(actual == expected)
        case (.failure(let expected), .failure(let actual)): #expect(ErrorShape(actual) == ErrorShape(expected))
        default: Issue.record("\(json): Foundation gave \(expected), the payload decoder \(actual)")
        }
    }
}
