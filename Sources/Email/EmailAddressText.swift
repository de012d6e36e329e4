import Foundation

/// How addresses are compared across the delivery log, the suppression list and Kafka keys.
enum EmailAddressText {
    /// Trimmed and lower-cased. (The local part is case-sensitive in theory; in practice every
    /// provider folds it, and one suppression entry per mailbox is what matters.)
    static func normalize(_ address: String) -> String {
        address.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// `rcpt-` + FNV-1a 64 of the normalised address in hex: stable across processes and
    /// releases (unlike `hashValue`), so one recipient always maps to one partition.
    static func orderingKey(_ normalizedAddress: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in normalizedAddress.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "rcpt-" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
