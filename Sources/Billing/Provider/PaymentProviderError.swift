/// A provider call that did not succeed. `unavailable` (network, timeout, 5xx, rate limit) is
/// answered 503 so the client retries; `rejected` (a 4xx from the provider: declined, invalid)
/// is answered 402 with the provider's code.
public enum PaymentProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    case unavailable(String)
    case rejected(code: String, message: String)

    public var description: String {
        switch self {
        case .unavailable(let reason): "payment provider unavailable: \(reason)"
        case .rejected(let code, _): "payment provider rejected the request (\(code))"
        }
    }
}
