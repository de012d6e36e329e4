/// One bound parameter as it travels to the server.
public enum PostgresValue: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// The type's text input form (what `::type` would parse); must not contain NUL bytes.
    case text(String)
    /// The type's binary form (used for bytea, whose binary form is the raw bytes).
    case binary([UInt8])
}
