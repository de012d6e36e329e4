import Foundation

/// A whole Stripe event as the webhook worker reads it: the head plus the object's fields.
public struct StripeEvent: Sendable {
    public let head: StripeEventHead
    public let object: StripeObject

    /// - Throws: `WebhookRejection.invalidEvent` when the document is not a Stripe event.
    public init(document: [UInt8]) throws {
        try self.init(head: try StripeEventHead(parsing: document), document: document)
    }

    /// The event of a consumed command, whose head was parsed when the command was decoded.
    public init(_ command: ProcessStripeEvent) throws {
        try self.init(head: command.head, document: command.document)
    }

    private init(head: StripeEventHead, document: [UInt8]) throws {
        self.head = head
        do {
            object = try StripeEventHead.decoder.decode(Envelope.self, from: document).data.object
        } catch {
            throw WebhookRejection.invalidEvent("data.object is not readable")
        }
    }

    private struct Envelope: Decodable {
        struct Payload: Decodable { let object: StripeObject }
        let data: Payload
    }
}
