/// Why the webhook intake refused a delivery: every case answers 400 with its code, so the
/// sender's dashboard says what to fix, and nothing is enqueued.
public enum WebhookRejection: Error, Sendable, Equatable, CustomStringConvertible {
    case signatureMissing
    case signatureMalformed(String)
    case signatureMismatch
    case timestampOutOfTolerance
    case bodyTooLarge(limit: Int)
    case invalidEvent(String)

    public var code: String {
        switch self {
        case .signatureMissing: "signature_missing"
        case .signatureMalformed: "signature_malformed"
        case .signatureMismatch: "signature_mismatch"
        case .timestampOutOfTolerance: "signature_timestamp_out_of_tolerance"
        case .bodyTooLarge: "payload_too_large"
        case .invalidEvent: "invalid_event"
        }
    }

    public var description: String {
        switch self {
        case .signatureMissing: "the Stripe-Signature header is missing"
        case .signatureMalformed(let reason): "the Stripe-Signature header is malformed: \(reason)"
        case .signatureMismatch: "no v1 signature matches the payload with any configured secret"
        case .timestampOutOfTolerance: "the signature timestamp is too far from the current time"
        case .bodyTooLarge(let limit): "the payload is larger than \(limit / 1024) KiB"
        case .invalidEvent(let reason): "the payload is not a Stripe event: \(reason)"
        }
    }
}
