/// How a check becomes a storage key: `<prefix>:<policy name>:<subject digest>`.
///
/// Redis keys are visible in `MONITOR`, `SCAN`, slow logs and dumps, so raw IPs and emails never
/// go into them. The in-memory fallback uses the same keys, so it holds no raw subjects either.
public enum RateLimitKeys {
    /// The key of `check` under `prefix` (tests pass a unique prefix to stay apart).
    public static func key(for check: RateLimitCheck, prefix: String) -> String {
        "\(prefix):\(check.policy.name):\(subjectDigest(check.subject))"
    }

    /// A stable 64-bit FNV-1a digest of the lower-cased subject, as 16 hex digits.
    ///
    /// The one place to swap in HMAC-SHA-256 with a server secret once swift-crypto is a
    /// dependency. FNV is not a cryptographic hash: it keeps subjects out of plain sight, but
    /// whoever reads Redis could still confirm a guessed IP or email (as with an unkeyed
    /// SHA-256). Collisions only make two subjects share a quota; at 64 bits they are
    /// negligible for the number of subjects live within one window.
    public static func subjectDigest(_ subject: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in subject.lowercased().utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
