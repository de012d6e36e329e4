import Platform

/// A parsed `Stripe-Signature` header: `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`. Other schemes
/// (`v0`, future ones) are ignored, as Stripe's libraries do.
///
/// Parsed byte by byte: every webhook delivery goes through here, and splitting and trimming
/// Strings cost more than the HMAC itself.
public struct StripeSignatureHeader: Sendable, Equatable {
    public let timestamp: Int64
    /// The decoded `v1` signatures (32 bytes each).
    public let signatures: [[UInt8]]

    /// - Throws: `WebhookRejection.signatureMalformed` naming what is wrong.
    public init(parsing header: String) throws(WebhookRejection) {
        var timestamp: Int64?
        var signatures: [[UInt8]] = []
        let bytes = Array(header.utf8)
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: ",") { end += 1 }
            let item = Self.trimmed(bytes, start, end)
            start = end + 1
            guard !item.isEmpty else { continue }
            guard let equals = item.firstIndex(of: UInt8(ascii: "=")) else {
                throw .signatureMalformed("every item must be key=value")
            }
            let key = Self.trimmed(bytes, item.startIndex, equals)
            let value = Self.trimmed(bytes, equals + 1, item.endIndex)
            if key.elementsEqual("t".utf8) {
                guard timestamp == nil, let seconds = Self.seconds(value) else {
                    throw .signatureMalformed("t must appear once, as Unix seconds")
                }
                timestamp = seconds
            } else if key.elementsEqual("v1".utf8) {
                guard value.count == 64, let signature = HexDecoding.bytes(utf8: value) else {
                    throw .signatureMalformed("v1 must be 64 hexadecimal characters")
                }
                signatures.append(signature)
            }
        }
        guard let timestamp else { throw .signatureMalformed("t is missing") }
        guard !signatures.isEmpty else { throw .signatureMalformed("no v1 signature") }
        self.timestamp = timestamp
        self.signatures = signatures
    }

    /// `bytes[start..<end]` without surrounding spaces and tabs.
    private static func trimmed(_ bytes: [UInt8], _ start: Int, _ end: Int) -> ArraySlice<UInt8> {
        var low = start, high = end
        while low < high && (bytes[low] == UInt8(ascii: " ") || bytes[low] == UInt8(ascii: "\t")) { low += 1 }
        while high > low && (bytes[high - 1] == UInt8(ascii: " ") || bytes[high - 1] == UInt8(ascii: "\t")) { high -= 1 }
        return bytes[low..<high]
    }

    /// 1 to 12 decimal digits (Unix seconds for the next 30,000 years), else nil.
    private static func seconds(_ digits: some Collection<UInt8>) -> Int64? {
        guard (1...12).contains(digits.count) else { return nil }
        var value: Int64 = 0
        for digit in digits {
            guard (0x30...0x39).contains(digit) else { return nil }
            value = value * 10 + Int64(digit - 0x30)
        }
        return value
    }
}
