/// Stripe's request encoding: `application/x-www-form-urlencoded`, nested fields written as
/// `metadata[key]=value` and `items[0][price]=…`. Pairs keep their order.
public struct StripeFormBody: Sendable, Equatable {
    public private(set) var pairs: [(String, String)] = []

    public init() {}

    public mutating func add(_ name: String, _ value: String) {
        pairs.append((name, value))
    }

    public mutating func add(metadata: [String: String], prefix: String = "metadata") {
        for key in metadata.keys.sorted() {
            add("\(prefix)[\(key)]", metadata[key] ?? "")
        }
    }

    public var encoded: String {
        pairs.map { "\(Self.escape($0.0))=\(Self.escape($0.1))" }.joined(separator: "&")
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    static func escape(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0x0F, radix: 16, uppercase: true)
            }
        }
        return output
    }

    public static func == (lhs: StripeFormBody, rhs: StripeFormBody) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0 == $1 }
    }
}
