/// A problem in `topics.yaml`, reported at startup with the path of the offending entry
/// (for example `topics.email.send.retry.attempts`).
public struct CatalogueError: Error, Sendable, CustomStringConvertible, Equatable {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { path.isEmpty ? "topics.yaml: \(reason)" : "topics.yaml: \(path): \(reason)" }
}
