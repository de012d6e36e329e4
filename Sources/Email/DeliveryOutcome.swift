/// What an SMTP answer means for one email.
public enum DeliveryOutcome: String, Sendable, CaseIterable {
    /// The server took responsibility for the message.
    case sent
    /// Temporary: try again later with backoff (through the worker runtime's retries).
    case deferred
    /// Will not succeed by retrying: give up (dead letter) and maybe suppress the address.
    case failedPermanent = "failed-permanent"
}
