/// Where a purchase stands. `completed` grants the course; a refund or a later failure removes it.
public enum TransactionStatus: String, Sendable, Codable, CaseIterable {
    case pending
    case completed
    case failed
    case refunded
}
