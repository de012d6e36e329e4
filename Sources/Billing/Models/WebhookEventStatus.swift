/// What the webhook worker did with an event (see `billing.webhook_events` in migration 0008).
public enum WebhookEventStatus: String, Sendable, Codable, CaseIterable {
    case received
    case processed
    case stale
    case unmatched
    case unhandled
    case failed

    /// Whether a new delivery (Stripe's retry, an admin replay) should run the event's effects:
    /// applied and stale events are final, every other state may still change something.
    public var isFinal: Bool { self == .processed || self == .stale }
}
