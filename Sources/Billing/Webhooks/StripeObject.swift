import Foundation

/// The fields of `data.object` the webhook worker reads, for every event type it handles
/// (payment intents, charges, subscriptions, invoices, checkout sessions). Every field is
/// optional and read leniently: an unexpected shape in one field must not hide the others.
public struct StripeObject: Sendable, Decodable {
    public var id: String
    public var object: String?
    public var status: String?
    public var amount: Int64?
    public var amountReceived: Int64?
    public var amountRefunded: Int64?
    public var amountPaid: Int64?
    /// A checkout session's total.
    public var amountTotal: Int64?
    public var currency: String?
    public var metadata: [String: String]
    public var refunded: Bool?
    /// A charge's or checkout session's payment intent id.
    public var paymentIntent: String?
    /// An invoice's or checkout session's subscription id.
    public var subscription: String?
    public var currentPeriodEnd: Int64?
    public var canceledAt: Int64?
    public var lastPaymentErrorCode: String?
    public var lastPaymentErrorMessage: String?
    public var mode: String?
    public var paymentStatus: String?
    public var clientReferenceID: String?
    /// For invoices: the end of the period the first line pays for.
    public var linePeriodEnd: Int64?

    private enum Key: String, CodingKey {
        case id, object, status, amount, currency, metadata, refunded, subscription, mode, items, lines, data, period, end
        case amountReceived = "amount_received", amountRefunded = "amount_refunded", amountPaid = "amount_paid"
        case amountTotal = "amount_total"
        case paymentIntent = "payment_intent", currentPeriodEnd = "current_period_end", canceledAt = "canceled_at"
        case lastPaymentError = "last_payment_error", code, message, paymentStatus = "payment_status"
        case clientReferenceID = "client_reference_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        id = try c.decode(String.self, forKey: .id)
        object = try? c.decodeIfPresent(String.self, forKey: .object)
        status = try? c.decodeIfPresent(String.self, forKey: .status)
        amount = try? c.decodeIfPresent(Int64.self, forKey: .amount)
        amountReceived = try? c.decodeIfPresent(Int64.self, forKey: .amountReceived)
        amountRefunded = try? c.decodeIfPresent(Int64.self, forKey: .amountRefunded)
        amountPaid = try? c.decodeIfPresent(Int64.self, forKey: .amountPaid)
        amountTotal = try? c.decodeIfPresent(Int64.self, forKey: .amountTotal)
        currency = (try? c.decodeIfPresent(String.self, forKey: .currency))?.uppercased()
        metadata = (try? c.decodeIfPresent([String: String].self, forKey: .metadata)) ?? [:]
        refunded = try? c.decodeIfPresent(Bool.self, forKey: .refunded)
        paymentIntent = Self.reference(c, .paymentIntent)
        subscription = Self.reference(c, .subscription)
        canceledAt = try? c.decodeIfPresent(Int64.self, forKey: .canceledAt)
        mode = try? c.decodeIfPresent(String.self, forKey: .mode)
        paymentStatus = try? c.decodeIfPresent(String.self, forKey: .paymentStatus)
        clientReferenceID = try? c.decodeIfPresent(String.self, forKey: .clientReferenceID)
        if let error = try? c.nestedContainer(keyedBy: Key.self, forKey: .lastPaymentError) {
            lastPaymentErrorCode = try? error.decodeIfPresent(String.self, forKey: .code)
            lastPaymentErrorMessage = try? error.decodeIfPresent(String.self, forKey: .message)
        }
        // Newer API versions moved the period end from the subscription to its items.
        currentPeriodEnd = (try? c.decodeIfPresent(Int64.self, forKey: .currentPeriodEnd))
            ?? Self.firstListItem(c, .items, field: .currentPeriodEnd)
        linePeriodEnd = Self.firstLinePeriodEnd(c)
    }

    /// An id field that may be expanded into an object (`"pi_…"` or `{"id": "pi_…", …}`).
    private static func reference(_ c: KeyedDecodingContainer<Key>, _ key: Key) -> String? {
        if let id = try? c.decodeIfPresent(String.self, forKey: key) { return id }
        return try? c.nestedContainer(keyedBy: Key.self, forKey: key).decode(String.self, forKey: .id)
    }

    private static func firstListItem(_ c: KeyedDecodingContainer<Key>, _ list: Key, field: Key) -> Int64? {
        guard var items = try? c.nestedContainer(keyedBy: Key.self, forKey: list).nestedUnkeyedContainer(forKey: .data),
              let first = try? items.nestedContainer(keyedBy: Key.self) else { return nil }
        return try? first.decodeIfPresent(Int64.self, forKey: field)
    }

    private static func firstLinePeriodEnd(_ c: KeyedDecodingContainer<Key>) -> Int64? {
        guard var lines = try? c.nestedContainer(keyedBy: Key.self, forKey: .lines).nestedUnkeyedContainer(forKey: .data),
              let first = try? lines.nestedContainer(keyedBy: Key.self),
              let period = try? first.nestedContainer(keyedBy: Key.self, forKey: .period) else { return nil }
        return try? period.decodeIfPresent(Int64.self, forKey: .end)
    }
}
