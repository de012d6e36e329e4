import Pipeline

/// "Apply this Stripe event": the verified webhook body, byte for byte, for the `webhooks`
/// worker. Keyed by the event's object id, so the events of one payment intent or subscription
/// are applied one at a time, in the order they arrived.
public struct ProcessStripeEvent: DocumentCommand, Equatable {
    public static let commandType = CommandType("ProcessStripeEvent", topic: "webhooks.stripe")

    public let head: StripeEventHead
    public let document: [UInt8]

    public init(document: [UInt8]) throws {
        head = try StripeEventHead(parsing: document)
        self.document = document
    }

    public var orderingKey: String { head.objectID }
}
