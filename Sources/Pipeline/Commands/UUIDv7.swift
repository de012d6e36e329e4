import Foundation

/// UUID version 7 (RFC 9562): 48-bit Unix milliseconds then random bits, so command ids sort by
/// creation time, which keeps inbox and dead-letter indexes append-mostly.
public enum UUIDv7 {
    public static func make(at date: Date = .now) -> UUID {
        var generator = SystemRandomNumberGenerator()
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1_000))
        // Two generator calls (each a getrandom(2) system call) rather than one per byte.
        let high = generator.next() as UInt64
        let low = generator.next() as UInt64
        var bytes = (0..<16).map { index in UInt8(truncatingIfNeeded: (index < 8 ? high : low) >> (8 * UInt64(index % 8))) }
        for index in 0..<6 {
            bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index)))
        }
        bytes[6] = 0x70 | (bytes[6] & 0x0F)  // version 7
        bytes[8] = 0x80 | (bytes[8] & 0x3F)  // RFC 9562 variant
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
