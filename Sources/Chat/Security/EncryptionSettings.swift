import Platform

/// Keys that seal sensitive message bodies: `ENCRYPTION_KEY` (64 hex characters = 256 bits)
/// seals new bodies; `ENCRYPTION_PREVIOUS_KEYS` (comma-separated, same form) still open old ones,
/// so the key can rotate without re-encrypting history.
public struct EncryptionSettings: Sendable {
    public var currentKeyHex: String
    public var previousKeysHex: [String]

    /// A fixed key for development and tests only; production must set its own.
    static let developmentKeyHex = String(repeating: "0f1e2d3c4b5a6978", count: 4)

    public init(currentKeyHex: String, previousKeysHex: [String] = []) {
        self.currentKeyHex = currentKeyHex
        self.previousKeysHex = previousKeysHex
    }

    /// - Throws: `ConfigurationError` naming the variable when a key is missing (production) or
    ///   not 64 hex characters.
    public init(environment env: EnvironmentReader = EnvironmentReader(), production: Bool) throws {
        currentKeyHex = production ? try env.required("ENCRYPTION_KEY") : env.string("ENCRYPTION_KEY", default: Self.developmentKeyHex)
        previousKeysHex = env.list("ENCRYPTION_PREVIOUS_KEYS", default: [])
        guard MessageCipher.keyBytes(currentKeyHex) != nil else {
            throw ConfigurationError(variable: "ENCRYPTION_KEY", reason: "must be 64 hexadecimal characters")
        }
        for key in previousKeysHex where MessageCipher.keyBytes(key) == nil {
            throw ConfigurationError(variable: "ENCRYPTION_PREVIOUS_KEYS", reason: "every key must be 64 hexadecimal characters")
        }
    }
}
