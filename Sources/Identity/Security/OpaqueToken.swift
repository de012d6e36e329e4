import Platform
import Crypto

/// A random bearer token for refresh tokens, email verification and password reset links.
///
/// 32 bytes from the system CSPRNG, base64url without padding (43 characters). Only
/// ``hash(_:)`` of a token is stored, so a database leak does not hand out live tokens; the
/// clear value exists only in the response or email that delivers it. `description` is
/// redacted so string interpolation into a log line cannot leak it either.
public struct OpaqueToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Random bytes per token (256 bits).
    public static let byteCount = 32
    /// Characters in the encoded form.
    public static let encodedLength = 43

    /// The token to hand to the client. Never log or store it.
    public let value: String

    /// A new random token.
    public init() {
        self.value = Base64URL.encode(SecureRandom.bytes(Self.byteCount))
    }

    /// The value to store and to look the token up by.
    public var hash: String { Self.hash(value) }

    /// The storage hash of a presented token: SHA-256 of its UTF-8 bytes, lower-case hex.
    /// A fast hash is enough because the token carries 256 bits of entropy; and since lookups
    /// go by hash, timing of the database comparison reveals nothing about the clear token.
    /// - Parameter token: the token as presented by a client.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).lowercaseHex
    }

    /// Whether a presented string has the shape of a token (43 base64url characters); lets
    /// callers refuse garbage without a database round trip.
    public static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == encodedLength && Base64URL.decode(Substring(token))?.count == byteCount
    }

    public var description: String { "OpaqueToken(redacted)" }
    public var debugDescription: String { description }
}
