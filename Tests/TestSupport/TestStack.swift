import Foundation

/// Addresses of the local stack started by `scripts/stack up` (what `make test` runs first).
/// Tests read the same variables as the processes, with the same dev defaults, so a test never
/// skips because a variable is missing: it fails if the server is not there.
public enum TestStack {
    private static let environment = ProcessInfo.processInfo.environment

    public static var databaseURL: String {
        environment["DATABASE_URL"] ?? "postgres://relais:relais@127.0.0.1:55432/relais"
    }

    public static var redisURL: String {
        environment["REDIS_URL"] ?? "redis://127.0.0.1:56379"
    }

    public static var kafkaBrokers: String {
        environment["KAFKA_BROKERS"] ?? "127.0.0.1:59092"
    }

    public static var smtpURL: String {
        environment["SMTP_URL"] ?? "smtp+insecure://127.0.0.1:52525"
    }

    /// The repository root, for tests that read topics.yaml or run scripts.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A name no other test (or earlier run) uses: `prefix-<8 random hex>`.
    public static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// A port for a server a test starts, below Linux's ephemeral range (32768–60999): a port
    /// in that range can be taken at any moment by one of the many client sockets of a test run.
    public static func serverPort() -> Int {
        Int.random(in: 20_000..<32_000)
    }
}
