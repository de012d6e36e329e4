import Crypto
import Foundation
import HummingbirdBcrypt
import Synchronization

/// Hashes and checks passwords with bcrypt on a small dedicated thread pool.
///
/// **Long passwords.** bcrypt reads at most 72 bytes and, through its C interface, stops at the
/// first NUL byte. Rather than capping passwords (which punishes passphrases and password
/// managers), every password is first normalised to Unicode NFC and pre-hashed:
/// `base64(HMAC-SHA256(key: "relais.password.v1", password))`, 44 ASCII bytes, then bcrypted.
/// All bytes of the password count, NUL cannot truncate it, and "é" typed as one or two code
/// points is the same password. The fixed HMAC key is a domain separator, not a secret: it stops
/// "password shucking", i.e. testing leaked plain SHA-256 hashes from other sites directly
/// against our bcrypt hashes. Stored hashes are therefore not interchangeable with plain bcrypt
/// hashes of the same password.
///
/// **Threads.** bcrypt at cost 12 takes a quarter of a second of CPU; on the cooperative pool a
/// handful of concurrent logins would stall every other request. The pool bounds bcrypt to
/// `threadCount` cores; extra logins wait in its queue.
public final class PasswordHasher: Sendable {
    /// Cost and pool size.
    public struct Configuration: Sendable {
        /// bcrypt cost (log2 of the rounds), 4...31. 12 in production; 4 keeps tests fast.
        public var cost: Int
        /// Dedicated threads for bcrypt.
        public var threadCount: Int

        /// Creates a configuration.
        /// - Parameters:
        ///   - cost: bcrypt cost, default 12.
        ///   - threadCount: pool size, default 2.
        public init(cost: Int = 12, threadCount: Int = 2) {
            self.cost = cost
            self.threadCount = threadCount
        }
    }

    /// The bcrypt cost of new hashes.
    public let cost: Int
    let pool: BlockingThreadPool
    /// A hash of a random password at `cost`, made on first use, for ``verifyDummy(_:)``.
    private let dummyHash = Mutex<String?>(nil)

    private static let preHashKey = SymmetricKey(data: Array("relais.password.v1".utf8))

    /// Starts the hashing threads.
    /// - Parameter configuration: bcrypt cost and thread count.
    /// - Throws: ``IdentitySecurityError`` `.invalidConfiguration` if the cost is outside 4...31
    ///   (HummingbirdBcrypt would stop the process) or the thread count is below 1.
    public init(configuration: Configuration = Configuration()) throws(IdentitySecurityError) {
        guard (4...31).contains(configuration.cost) else {
            throw IdentitySecurityError(.invalidConfiguration, hint: "bcrypt cost must be 4...31")
        }
        self.cost = configuration.cost
        self.pool = try BlockingThreadPool(name: "relais-bcrypt", threadCount: configuration.threadCount)
    }

    /// Stops the hashing threads after their current job; later calls fail (``hash(_:)``) or
    /// return false (the verify methods). Also happens when the hasher is deallocated.
    public func shutDown() {
        pool.shutDown()
    }

    /// Hashes a new password for storage.
    /// - Parameter password: the password as typed.
    /// - Returns: a bcrypt hash string (`$2b$<cost>$…`, 60 characters).
    /// - Throws: ``IdentitySecurityError`` `.hasherUnavailable` after ``shutDown()``.
    public func hash(_ password: String) async throws -> String {
        let input = Self.preHash(password)
        let cost = UInt8(cost)
        return try await pool.run { Bcrypt.hash(input, cost: cost) }
    }

    /// Checks a password against a stored hash.
    /// - Parameters:
    ///   - password: the password as typed.
    ///   - hash: the stored hash from ``hash(_:)``.
    /// - Returns: whether they match; false for a malformed hash or after ``shutDown()``.
    public func verify(_ password: String, against hash: String) async -> Bool {
        let input = Self.preHash(password)
        return (try? await pool.run { Bcrypt.verify(input, hash: hash) }) ?? false
    }

    /// Spends the time of a real ``verify(_:against:)`` and always returns false. Call it when
    /// the login email is unknown, so that response times do not reveal which emails exist.
    /// - Parameter password: the password as typed (hashed like a real one, for equal cost).
    /// - Returns: false.
    @discardableResult
    public func verifyDummy(_ password: String) async -> Bool {
        let input = Self.preHash(password)
        if let dummy = dummyHash.withLock({ $0 }) {
            _ = try? await pool.run { Bcrypt.verify(input, hash: dummy) }
            return false
        }
        // The first call makes the dummy hash; a hash costs the same as a verify, so even this
        // call takes the usual time. Two racing first calls both hash, which is harmless.
        let random = Base64URL.encode(SecureRandom.bytes(32))
        let cost = UInt8(cost)
        if let made = try? await pool.run({ Bcrypt.hash(random, cost: cost) }) {
            dummyHash.withLock { $0 = $0 ?? made }
        }
        return false
    }

    /// NFC-normalises and pre-hashes a password so bcrypt's 72-byte and NUL limits never bite.
    static func preHash(_ password: String) -> String {
        let normalised = password.precomposedStringWithCanonicalMapping
        let mac = HMAC<SHA256>.authenticationCode(for: Array(normalised.utf8), using: preHashKey)
        return Data(mac).base64EncodedString()
    }
}
