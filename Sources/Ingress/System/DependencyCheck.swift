/// One dependency `/ready` probes: a name shown to operators and a probe that throws when the
/// dependency cannot serve. Probes must bound their own wait (client timeouts).
public struct DependencyCheck: Sendable {
    public let name: String
    public let probe: @Sendable () async throws -> Void

    public init(name: String, probe: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.probe = probe
    }
}
