import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Delivers events to a webhook endpoint the way Stripe does: `POST` of the JSON body with a
/// `Stripe-Signature` header made from the endpoint secret.
public struct StripeEventSender: Sendable {
    public let endpoint: String
    private let signer: StripeEventSigner
    private let client: HTTPClient

    public init(endpoint: String, secret: String, client: HTTPClient = .shared) {
        self.endpoint = endpoint
        self.signer = StripeEventSigner(secret: secret)
        self.client = client
    }

    /// Sends `payload` signed at `timestamp` (default now). - Returns: the endpoint's HTTP status.
    /// - Throws: `SimulationError.deliveryFailed` when the endpoint cannot be reached.
    public func send(payload: [UInt8], timestamp: Int64 = Int64(Date().timeIntervalSince1970)) async throws -> Int {
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.headers.add(name: "Stripe-Signature", value: signer.header(payload: payload, timestamp: timestamp))
        request.headers.add(name: "User-Agent", value: "Stripe/1.0 (+https://stripe.com/docs/webhooks) relais-local-emulation")
        request.body = .bytes(ByteBuffer(bytes: payload))
        do {
            let response = try await client.execute(request, timeout: .seconds(10))
            _ = try? await response.body.collect(upTo: 1 << 20)
            return Int(response.status.code)
        } catch {
            throw SimulationError.deliveryFailed("\(endpoint) could not be reached")
        }
    }
}
