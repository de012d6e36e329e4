/// Why `relais migrate` refused to go on. Descriptions name files and versions, never SQL text.
public struct MigrationError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
