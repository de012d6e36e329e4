@testable import Billing
import Foundation
import Pipeline
import Testing

/// Reading Stripe events: what the intake accepts, what the worker reads from `data.object`,
/// and how the command keeps the body byte for byte on Kafka.
@Suite("Stripe event parsing")
struct StripeEventParsingTests {
    static func rejection(_ json: String) -> WebhookRejection? {
        do {
            _ = try StripeEventHead(parsing: Array(json.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test("a body missing id, type, created or data.object.id is invalid_event naming the field")
    func invalidEventsNameTheField() {
        #expect(Self.rejection(#"{"type":"x","created":1,"data":{"object":{"id":"pi_1"}}}"#) == .invalidEvent("id is required"))
        #expect(Self.rejection(#"{"id":"evt_1","created":1,"data":{"object":{"id":"pi_1"}}}"#) == .invalidEvent("type is required"))
        #expect(Self.rejection(#"{"id":"evt_1","type":"x","data":{"object":{"id":"pi_1"}}}"#) == .invalidEvent("created is required"))
        #expect(Self.rejection(#"{"id":"evt_1","type":"x","created":1,"data":{"object":{}}}"#) == .invalidEvent("data.object.id is required"))
        #expect(Self.rejection(#"{"id":"evt_1","type":"x","created":"soon","data":{"object":{"id":"pi_1"}}}"#) == .invalidEvent("created has the wrong type"))
        #expect(Self.rejection(#"{"id":"evt_1","type":"x","created":1,"object":"charge","data":{"object":{"id":"pi_1"}}}"#)
                == .invalidEvent(#"object must be "event""#))
        #expect(Self.rejection(#"{"id":"","type":"x","created":1,"data":{"object":{"id":"pi_1"}}}"#) == .invalidEvent("id must be 1 to 255 characters"))
        #expect(Self.rejection("[1,2]") == .invalidEvent("the body is not a JSON object"))
        #expect(Self.rejection(#"{"id":"evt_1","type":"x","created":1,"data":{"object":{"id":"pi_1"}}}"#) == nil)
    }

    @Test("ProcessStripeEvent travels as the exact bytes, keyed by the object id, and comes back equal")
    func documentCommandRoundTrip() throws {
        // Spacing and key order a re-encoding would change: the payload must stay as signed.
        let body = Array("{ \"type\":\"charge.refunded\",  \"id\":\"evt_9\", \"created\":1700000000, \"data\":{\"object\":{\"id\":\"ch_7\"}} }".utf8)
        let command = try ProcessStripeEvent(document: body)
        let envelope = try CommandEnvelope(command, actor: "system:stripe", traceparent: nil)
        #expect(envelope.payload == body)
        #expect(envelope.key == "ch_7")
        #expect(envelope.type == "ProcessStripeEvent")
        let decoded = try envelope.decode(ProcessStripeEvent.self)
        #expect(decoded == command)
        #expect(decoded.head.id == "evt_9")
    }

    @Test("the worker reads every field it needs, expanded references included, and tolerates odd shapes in other fields")
    func objectFields() throws {
        let json = """
            {"id":"evt_1","type":"invoice.paid","created":1700000000,"data":{"object":{
              "id":"in_1","object":"invoice","amount_paid":2990,"amount_total":3000,"currency":"eur","subscription":{"id":"sub_9","object":"subscription"},
              "metadata":{"relais_subscription_id":"abc"},"lines":{"data":[{"period":{"start":1,"end":1702592000}}]},
              "amount":"not a number","last_payment_error":{"code":"card_declined","message":"Your card was declined."},
              "items":{"data":[{"current_period_end":1702600000}]}
            }}}
            """
        let event = try StripeEvent(document: Array(json.utf8))
        #expect(event.object.id == "in_1")
        #expect(event.object.amountPaid == 2990)
        #expect(event.object.amountTotal == 3000)
        #expect(event.object.currency == "EUR")
        #expect(event.object.subscription == "sub_9")
        #expect(event.object.metadata == ["relais_subscription_id": "abc"])
        #expect(event.object.linePeriodEnd == 1_702_592_000)
        #expect(event.object.amount == nil)
        #expect(event.object.lastPaymentErrorCode == "card_declined")
        #expect(event.object.currentPeriodEnd == 1_702_600_000)
    }

    @Test("Stripe's subscription statuses map onto Relais's; unknown ones are nil")
    func subscriptionStatusMapping() {
        let expected: [String: SubscriptionStatus] = [
            "active": .active, "trialing": .active, "past_due": .pastDue, "unpaid": .pastDue, "paused": .paused,
            "canceled": .cancelled, "incomplete": .pending, "incomplete_expired": .expired,
        ]
        for (stripe, relais) in expected {
            #expect(SubscriptionStatus(stripeStatus: stripe) == relais, "\(stripe)")
        }
        #expect(SubscriptionStatus(stripeStatus: "sleeping") == nil)
    }
}

/// The intake's hand-written acknowledgement must stay valid JSON whatever the event id holds.
@Suite("Webhook acknowledgement")
struct WebhookAcknowledgementTests {
    @Test("ids with quotes, backslashes and control characters are escaped into valid JSON")
    func escaping() throws {
        for id in ["evt_1", #"evt_"quoted""#, #"evt_\back"#, "evt_\n\t\u{01}", "evt_é🙂"] {
            var text = ""
            WebhookAcknowledgement.appendJSONString(id, to: &text)
            let decoded = try JSONDecoder().decode(String.self, from: Data(text.utf8))
            #expect(decoded == id)
        }
    }
}
