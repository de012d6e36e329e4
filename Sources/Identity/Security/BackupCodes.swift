import Platform
import Crypto

/// Single-use recovery codes for users who lose their authenticator.
///
/// A code is 16 characters from a 32-symbol alphabet (80 bits from the system CSPRNG), shown as
/// `xxxx-xxxx-xxxx-xxxx`. The alphabet is Crockford's Base32 in lower case (no `i`, `l`, `o`,
/// `u`), and input normalisation maps the look-alikes `o`→`0` and `i`/`l`→`1`.
///
/// Only SHA-256 hashes are stored. bcrypt exists to make guessing *low-entropy* secrets
/// (passwords) expensive; an 80-bit random code cannot be guessed offline even at 10^10 fast
/// hashes per second (≈ 4 million years per code), so a slow hash would only slow down logins.
/// That is also why the codes are longer than the 8 characters (40 bits) often seen: 40 bits
/// behind an unsalted fast hash fall to one GPU in minutes. Single use is the caller's job:
/// delete (or mark) the matching hash in the same transaction that accepts it.
public enum BackupCodes {
    /// Codes generated per user.
    public static let count = 10
    /// Symbols per code, excluding dashes.
    public static let symbolsPerCode = 16
    /// Symbols between dashes in the displayed form.
    static let groupSize = 4
    /// Crockford Base32, lower case: 32 symbols, so each random byte's low 5 bits pick one
    /// without bias (256 is a multiple of 32).
    private static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    /// Generates a fresh set of codes to show the user once.
    /// - Returns: ``count`` distinct codes in display form, e.g. `7k2m-x9qp-4hr0-ewbn`.
    public static func generate() -> [String] {
        var codes: [String] = []
        while codes.count < count {
            let symbols = SecureRandom.bytes(symbolsPerCode).map { alphabet[Int($0 & 0x1F)] }
            var display = [UInt8]()
            for (index, symbol) in symbols.enumerated() {
                if index > 0 && index % groupSize == 0 { display.append(UInt8(ascii: "-")) }
                display.append(symbol)
            }
            let code = String(decoding: display, as: UTF8.self)
            // A repeat is astronomically unlikely, but two equal codes would share one hash.
            if !codes.contains(code) { codes.append(code) }
        }
        return codes
    }

    /// Reduces user input to the canonical symbols: lower case, spaces and dashes removed,
    /// look-alike letters mapped to digits.
    /// - Returns: the canonical form, or nil if the input contains another character or has the
    ///   wrong length (so garbage is refused before any lookup).
    public static func normalize(_ input: String) -> String? {
        var symbols = [UInt8]()
        for scalar in input.unicodeScalars {
            switch scalar {
            case " ", "-", "\t": continue
            case "o", "O": symbols.append(UInt8(ascii: "0"))
            case "i", "I", "l", "L": symbols.append(UInt8(ascii: "1"))
            default:
                guard scalar.isASCII else { return nil }
                var byte = UInt8(scalar.value)
                if (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) { byte += 0x20 }
                guard alphabet.contains(byte) else { return nil }
                symbols.append(byte)
            }
        }
        guard symbols.count == symbolsPerCode else { return nil }
        return String(decoding: symbols, as: UTF8.self)
    }

    /// The value to store for a code: SHA-256 of its canonical form, lower-case hex.
    /// - Parameter code: a code as generated or as typed.
    /// - Returns: the hash, or nil if the input is not a well-formed code.
    public static func hash(_ code: String) -> String? {
        guard let canonical = normalize(code) else { return nil }
        return SHA256.hash(data: Array(canonical.utf8)).lowercaseHex
    }

    /// Whether typed input is the code behind a stored hash, compared in constant time.
    /// - Parameters:
    ///   - input: what the user typed.
    ///   - storedHash: a value from ``hash(_:)``.
    public static func matches(_ input: String, storedHash: String) -> Bool {
        guard let candidate = hash(input) else { return false }
        return ConstantTime.equals(candidate, storedHash)
    }
}
