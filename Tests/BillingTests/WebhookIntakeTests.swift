import Billing
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KafkaClient
import Testing
import TestSupport

/// `POST /v1/webhooks/stripe` through the real ingress, producing to the real broker.
@Suite("Stripe webhook intake")
struct WebhookIntakeTests {
    static func post(_ client: any TestClientProtocol, _ payload: [UInt8], signature: String?) async throws -> (Int, String?) {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let signature { headers[HTTPField.Name("Stripe-Signature")!] = signature }
        return try await client.execute(uri: "/v1/webhooks/stripe", method: .post, headers: headers, body: ByteBuffer(bytes: payload)) {
            (Int($0.status.code), BillingHarness.errorCode(BillingHarness.object($0)))
        }
    }

    @Test("every bad delivery answers 400 with its code and enqueues nothing; a valid one is produced byte for byte, keyed by data.object.id")
    func badDeliveriesEnqueueNothing() async throws {
        let objectID = "pi_intake_\(UUID().uuidString.prefix(8))"
        let payload = StripeEvents.event(type: "payment_intent.succeeded", object: ["id": objectID, "amount": 100])
        let now = Int64(Date().timeIntervalSince1970)
        let tampered = payload.enumerated().map { $0.offset == payload.count - 3 ? UInt8(ascii: "9") : $0.element }
        let notAnEvent = Array(#"{"id":"evt_x","type":"x","created":1,"data":{}}"#.utf8)
        let oversized = StripeEvents.event(type: "payment_intent.succeeded", object: ["id": objectID, "padding": String(repeating: "x", count: 262_200)])
        let valid = StripeEvents.event(id: "evt_marker_\(UUID().uuidString.prefix(8))", type: "payment_intent.succeeded",
                                       object: ["id": objectID, "amount": 100])

        try await BillingHarness.run { _, client in
            let cases: [(String, [UInt8], String?, String)] = [
                ("wrong secret", payload, StripeEvents.header(payload, secret: "whsec_wrong"), "signature_mismatch"),
                ("stale t", payload, StripeEvents.header(payload, t: now - 400), "signature_timestamp_out_of_tolerance"),
                ("future t", payload, StripeEvents.header(payload, t: now + 400), "signature_timestamp_out_of_tolerance"),
                ("garbage header", payload, "garbage", "signature_malformed"),
                ("no header", payload, nil, "signature_missing"),
                ("tampered body", tampered, StripeEvents.header(payload), "signature_mismatch"),
                ("not an event", notAnEvent, StripeEvents.header(notAnEvent), "invalid_event"),
                ("not JSON", Array("hello".utf8), StripeEvents.header(Array("hello".utf8)), "invalid_event"),
                ("over 256 KiB", oversized, StripeEvents.header(oversized), "payload_too_large"),
            ]
            for (name, body, signature, code) in cases {
                let (status, error) = try await Self.post(client, body, signature: signature)
                #expect(status == 400, "\(name)")
                #expect(error == code, "\(name)")
            }
            let (status, _) = try await Self.post(client, valid, signature: StripeEvents.header(valid))
            #expect(status == 200)
        }

        // Same key, same partition: once the valid event is read, every earlier message of this
        // key has been read too, so "only the valid one" proves nothing else was enqueued.
        let messages = try await KafkaTestConsumer.read(topic: "webhooks.stripe") { seen in
            seen.contains { $0.value == valid }
        }
        let ofThisObject = messages.filter { $0.key == Array(objectID.utf8) }
        #expect(ofThisObject.count == 1)
        #expect(ofThisObject.first?.value == valid)
        let type = ofThisObject.first?.headers.first { $0.key == "relais-type" }.map { String(decoding: $0.value, as: UTF8.self) }
        #expect(type == "ProcessStripeEvent")
    }

    @Test("when the broker does not acknowledge, the intake answers 503 (Stripe retries), never 200")
    func brokerDownAnswers503() async throws {
        let payload = StripeEvents.event(type: "payment_intent.succeeded", object: ["id": "pi_down"])
        // Nothing listens on port 1 of the loopback interface: every connection is refused.
        try await BillingHarness.run(brokers: "127.0.0.1:1") { _, client in
            let (status, code) = try await Self.post(client, payload, signature: StripeEvents.header(payload))
            #expect(status == 503)
            #expect(code == "dependency_unavailable")
        }
    }
}
