/// How a purchase is paid; `free` is set by Relais for courses priced at zero.
public enum PaymentMethod: String, Sendable, Codable, CaseIterable {
    case card
    case bankTransfer = "bank_transfer"
    case free
}
