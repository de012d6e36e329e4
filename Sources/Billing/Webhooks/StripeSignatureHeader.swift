import Platform

/// A parsed `Stripe-Signature` header: `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`. Other schemes
/// (`v0`, future ones) are ignored, as Stripe's libraries do.
public struct StripeSignatureHeader: Sendable, Equatable {
    public let timestamp: Int64
    /// The decoded `v1` signatures (32 bytes each).
    public let signatures: [[UInt8]]

    /// - Throws: `WebhookRejection.signatureMalformed` naming what is wrong.
    public init(parsing header: String) throws(WebhookRejection) {
        var timestamp: Int64?
        var signatures: [[UInt8]] = []
        for item in header.split(separator: ",", omittingEmptySubsequences: true) {
            guard let equals = item.firstIndex(of: "=") else {
                throw .signatureMalformed("every item must be key=value")
            }
            let key = item[..<equals].trimmingCharacters(in: .whitespaces)
            let value = item[item.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "t":
                guard timestamp == nil, value.utf8.count <= 12, value.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
                      let seconds = Int64(value) else {
                    throw .signatureMalformed("t must appear once, as Unix seconds")
                }
                timestamp = seconds
            case "v1":
                guard let bytes = HexDecoding.bytes(value), bytes.count == 32 else {
                    throw .signatureMalformed("v1 must be 64 hexadecimal characters")
                }
                signatures.append(bytes)
            default:
                continue
            }
        }
        guard let timestamp else { throw .signatureMalformed("t is missing") }
        guard !signatures.isEmpty else { throw .signatureMalformed("no v1 signature") }
        self.timestamp = timestamp
        self.signatures = signatures
    }
}
