import Foundation
import Hummingbird
import Ingress
import Metrics
import NIOCore
import Pipeline

/// `POST /v1/webhooks/stripe`: Stripe's receiver contract. The signature is checked over the raw
/// body, then the body itself goes to `webhooks.stripe` and the answer is 200 only once the
/// broker acknowledged it (503 otherwise, so Stripe retries). No database work on this path:
/// the worker records and applies the event.
enum StripeWebhookRoutes {
    static let tag = "webhooks"
    /// Stripe's events are a few KiB; anything past this is not one of theirs.
    static let maximumBodyBytes = 256 * 1024

    static func add(to routes: APIRoutes, verifier: StripeSignatureVerifier, publisher: any CommandPublisher) {
        routes.add(.post, "/v1/webhooks/stripe", summary: "Stripe webhook endpoint (signed with Stripe-Signature)", tag: tag,
                   requestBody: JSONSchema.object([("id", JSONSchema.string()), ("type", JSONSchema.string()),
                                                   ("created", JSONSchema.integer), ("data", JSONSchema.object([]))],
                                                  required: ["id", "type", "created", "data"], additional: true),
                   replies: [.init(200, "verified and queued"),
                             .init(400, "signature_missing, signature_malformed, signature_mismatch, signature_timestamp_out_of_tolerance, payload_too_large or invalid_event"),
                             .init(503, "the broker did not acknowledge: retry")],
                   authenticated: false) { request, _ in
            do {
                let payload = try await body(of: request)
                try verifier.verify(header: signatureHeader(request), payload: payload)
                let command = try ProcessStripeEvent(document: payload)
                let receipt = try await publisher.publish(command, actor: "system:stripe", traceparent: nil)
                Counter(label: "relais_webhooks_accepted_total", dimensions: [("provider", "stripe")]).increment()
                return WebhookAcknowledgement(eventID: command.head.id, commandID: receipt.commandID)
            } catch let rejection as WebhookRejection {
                Counter(label: "relais_webhooks_rejected_total", dimensions: [("provider", "stripe"), ("reason", rejection.code)]).increment()
                throw APIError(status: .badRequest, code: rejection.code, message: rejection.description)
            }
        }
    }

    /// The body as received, refusing more than `maximumBodyBytes`.
    static func body(of request: Request) async throws -> [UInt8] {
        do {
            let buffer = try await request.body.collect(upTo: maximumBodyBytes)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw WebhookRejection.bodyTooLarge(limit: maximumBodyBytes)
        }
    }

    static func signatureHeader(_ request: Request) -> String? {
        request.headers.first { $0.name.canonicalName == "stripe-signature" }?.value
    }

}

