import Foundation
import Synchronization

/// Access tokens whose signature and claims were already verified, by their exact text.
///
/// Looking a token up costs one hash of its text; verifying it again costs an HMAC and two JSON
/// decodes, on every request of a client. Keying by the whole token (signature included) means
/// a hit can only be the very token that was verified. Revocation is unaffected: the denylist
/// is checked in Redis on every request whatever the cache says, and expiry is re-checked by
/// the caller on every hit. Memory is bounded: when full, the cache starts over empty, which a
/// steady state of active clients refills with one verification each.
final class VerifiedTokenCache: Sendable {
    struct Entry: Sendable {
        let claims: AccessClaims
        let notBefore: Date
    }

    static let defaultCapacity = 10_000

    private let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(capacity: Int = VerifiedTokenCache.defaultCapacity) {
        self.capacity = capacity
    }

    func claims(for token: String) -> Entry? {
        entries.withLock { $0[token] }
    }

    func insert(_ claims: AccessClaims, notBefore: Date, for token: String) {
        entries.withLock { entries in
            if entries.count >= capacity {
                entries.removeAll(keepingCapacity: true)
            }
            entries[token] = Entry(claims: claims, notBefore: notBefore)
        }
    }
}
