import Foundation

extension UUID {
    /// Orders UUIDs by their 16 bytes, as PostgreSQL orders its `uuid` type, so that pairs and
    /// tie-breaks computed here match `LEAST(a, b)` and `ORDER BY id` in SQL.
    static func precedesInByteOrder(_ lhs: UUID, _ rhs: UUID) -> Bool {
        lhs.byteOrderKey < rhs.byteOrderKey
    }

    /// The bytes as two big-endian integers, compared as a tuple.
    var byteOrderKey: ByteOrderKey {
        // Read as two big-endian words without building arrays: this runs inside sorts.
        withUnsafeBytes(of: uuid) { bytes in
            ByteOrderKey(
                high: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                low: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
    }
}

/// A UUID's bytes as a comparable value.
struct ByteOrderKey: Comparable, Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    static func < (lhs: ByteOrderKey, rhs: ByteOrderKey) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}
