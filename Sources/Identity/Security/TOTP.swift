import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238): HMAC-SHA-1, 6 digits, 30-second steps, accepting
/// the previous and next step for clock drift.
///
/// Implemented here on swift-crypto rather than with HummingbirdOTP because HummingbirdOTP
/// takes the secret as a `String` and keys the HMAC with its UTF-8 bytes, so it cannot use the
/// 20 random bytes RFC 4226 §4 recommends (arbitrary bytes are not valid UTF-8); it also has no
/// verification window, no constant-time comparison and omits default URI parameters.
public struct TOTP: Sendable {
    /// Digits per code.
    public static let digits = 6
    /// Seconds per time step.
    public static let period: Int64 = 30
    /// Steps accepted on either side of the current one.
    public static let window: Int64 = 1
    /// Secret length in bytes (160 bits, the HMAC-SHA-1 block-size recommendation of RFC 4226).
    public static let secretByteCount = 20

    /// The issuer shown in authenticator apps, e.g. "Relais".
    public let issuer: String

    /// Creates a TOTP helper.
    /// - Parameter issuer: the service name shown in authenticator apps.
    public init(issuer: String) {
        self.issuer = issuer
    }

    /// A new random secret (20 bytes from the system CSPRNG). Store it encrypted; show it to the
    /// user once, as ``base32(_:)`` or inside ``provisioningURI(secret:account:)``.
    public static func generateSecret() -> [UInt8] {
        SecureRandom.bytes(secretByteCount)
    }

    /// The secret in Base32 (RFC 4648, no padding), for manual entry into an authenticator app.
    public static func base32(_ secret: [UInt8]) -> String {
        Base32.encode(secret)
    }

    /// The `otpauth://` URI to render as a QR code:
    /// `otpauth://totp/<issuer>:<account>?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30`.
    ///
    /// Issuer and account are percent-encoded with only RFC 3986 unreserved characters left
    /// bare, so a `:` inside either cannot be mistaken for the label separator and `&`, `=`,
    /// `#`, `?` cannot break the query.
    /// - Parameters:
    ///   - secret: the raw secret.
    ///   - account: the user's account name, usually the email.
    public func provisioningURI(secret: [UInt8], account: String) -> String {
        let issuer = Self.percentEncode(issuer)
        let label = issuer + ":" + Self.percentEncode(account)
        return "otpauth://totp/\(label)?secret=\(Self.base32(secret))&issuer=\(issuer)"
            + "&algorithm=SHA1&digits=\(Self.digits)&period=\(Self.period)"
    }

    /// Checks a code typed by the user.
    ///
    /// All steps of the window are computed and compared in constant time, whichever matches.
    /// - Parameters:
    ///   - code: what the user typed; spaces are ignored, anything but 6 ASCII digits fails.
    ///   - secret: the user's raw secret.
    ///   - now: the current time.
    ///   - lastUsedStep: the step of the last accepted code, if any; that step and earlier ones
    ///     are refused so a code cannot be replayed.
    /// - Returns: the matched time step (store it as the new `lastUsedStep`), or nil.
    public static func verify(code: String, secret: [UInt8], now: Date, lastUsedStep: Int64? = nil) -> Int64? {
        let typed = Array(code.utf8.filter { $0 != UInt8(ascii: " ") })
        guard typed.count == digits, typed.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let current = timeStep(at: now)
        else {
            return nil
        }
        let key = SymmetricKey(data: secret)
        var matched: Int64?
        for step in (current - window)...(current + window) where step >= 0 {
            let expected = Array(self.code(key: key, counter: UInt64(step), digits: digits).utf8)
            // No early exit: every candidate is compared, and the latest match wins.
            if ConstantTime.equals(expected, typed) {
                matched = step
            }
        }
        guard let matched else { return nil }
        if let lastUsedStep, matched <= lastUsedStep {
            return nil
        }
        return matched
    }

    /// The code for a time, e.g. to show in tests or admin tools.
    /// - Parameters:
    ///   - secret: the raw secret.
    ///   - date: the time.
    /// - Returns: the 6-digit code with leading zeros, or nil for dates before 1970.
    public static func code(secret: [UInt8], at date: Date) -> String? {
        guard let step = timeStep(at: date) else { return nil }
        return code(key: SymmetricKey(data: secret), counter: UInt64(step), digits: digits)
    }

    /// The RFC 6238 time step `floor(unixTime / 30)`, nil before the epoch.
    public static func timeStep(at date: Date) -> Int64? {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds >= 0, seconds < 1e15 else { return nil }
        return Int64(seconds) / period
    }

    /// HOTP (RFC 4226 §5.3): dynamic truncation of HMAC-SHA-1(key, counter) to `digits` digits
    /// (1...9; 8 is used by the RFC test vectors).
    static func code(key: SymmetricKey, counter: UInt64, digits: Int) -> String {
        let message = withUnsafeBytes(of: counter.bigEndian) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: key))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary =
            UInt32(mac[offset] & 0x7F) << 24 | UInt32(mac[offset + 1]) << 16
            | UInt32(mac[offset + 2]) << 8 | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    private static func percentEncode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                encoded += byte < 0x10 ? "%0" + hex : "%" + hex
            }
        }
        return encoded
    }
}
