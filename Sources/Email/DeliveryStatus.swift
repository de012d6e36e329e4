/// Where one SendEmail command stands in the delivery log.
public enum DeliveryStatus: String, Sendable, CaseIterable, Codable {
    /// An SMTP transaction is under way (or the worker died during one).
    case sending
    /// The server accepted the message.
    case sent
    /// The last attempt failed temporarily; the runtime retries it.
    case deferred
    /// Given up: a permanent refusal, or the last retry failed (dead-lettered).
    case failed
    /// Not sent: transactional mail to a suppressed address.
    case suppressed
}
