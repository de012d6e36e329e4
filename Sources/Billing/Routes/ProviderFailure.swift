import HTTPTypes
import Ingress

/// How a failed provider call reaches the client: 503 (retry later) or 402 with the provider's code.
enum ProviderFailure {
    static func apiError(_ error: any Error) -> any Error {
        switch error {
        case PaymentProviderError.rejected(let code, let message):
            APIError(status: .init(code: 402, reasonPhrase: "Payment Required"), code: "payment_failed", message: "the payment provider refused: \(message) (\(code))")
        case is PaymentProviderError:
            APIError.unavailable("the payment provider")
        default:
            error
        }
    }
}
