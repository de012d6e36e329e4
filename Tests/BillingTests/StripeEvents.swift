import Billing
import Foundation

/// Stripe-shaped event bodies for tests, with the fields the worker reads.
enum StripeEvents {
    static func event(id: String = "evt_\(UUID().uuidString.prefix(12))", type: String, created: Int64 = Int64(Date().timeIntervalSince1970),
                      object: [String: Any]) -> [UInt8] {
        let event: [String: Any] = [
            "id": id, "object": "event", "api_version": "2024-06-20", "created": created, "livemode": false, "type": type,
            "data": ["object": object], "pending_webhooks": 1,
        ]
        return Array((try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys])) ?? Data())
    }

    static func header(_ payload: [UInt8], secret: String = BillingHarness.secret, t: Int64 = Int64(Date().timeIntervalSince1970)) -> String {
        StripeEventSigner(secret: secret).header(payload: payload, timestamp: t)
    }
}
