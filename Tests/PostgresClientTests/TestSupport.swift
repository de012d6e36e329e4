import Foundation
import Logging
import PostgresClient

/// The shared dev/CI server (`scripts/stack env`), with the same default when unset.
let databaseURL = ProcessInfo.processInfo.environment["DATABASE_URL"]
    ?? "postgres://relais:relais@127.0.0.1:55432/relais"

let testLogger: Logger = {
    var logger = Logger(label: "postgres-client-tests")
    logger.logLevel = .warning
    return logger
}()

func makeClient(
    poolSize: Int = 4, applicationName: String? = nil, prepared: Bool = true
) throws -> PostgresClient {
    var configuration = try PostgresConfiguration(url: databaseURL)
    configuration.poolSize = poolSize
    configuration.usePreparedStatements = prepared
    if let applicationName { configuration.applicationName = applicationName }
    return PostgresClient(configuration: configuration, logger: testLogger)
}

/// A name no other test (or test run) uses.
func uniqueName(_ prefix: String) -> String {
    prefix + "_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
}

/// Creates a uniquely named table with `columns`, runs `body` with its name, and drops it
/// whether `body` succeeded or not.
func withTable<T: Sendable>(
    _ client: PostgresClient, columns: StaticString, _ body: (String) async throws -> T
) async throws -> T {
    let table = uniqueName("pgc_test")
    try await client.execute("CREATE TABLE \(identifier: table) (\(unescaped: columns))")
    do {
        let result = try await body(table)
        try await client.execute("DROP TABLE IF EXISTS \(identifier: table) CASCADE")
        return result
    } catch {
        _ = try? await client.execute("DROP TABLE IF EXISTS \(identifier: table) CASCADE")
        throw error
    }
}

/// Runs `body` with a fresh client and closes the client afterwards.
func withClient<T: Sendable>(
    poolSize: Int = 4, applicationName: String? = nil, prepared: Bool = true,
    _ body: (PostgresClient) async throws -> T
) async throws -> T {
    let client = try makeClient(poolSize: poolSize, applicationName: applicationName, prepared: prepared)
    do {
        let result = try await body(client)
        await client.close()
        return result
    } catch {
        await client.close()
        throw error
    }
}

func tableExists(_ client: PostgresClient, _ table: String) async throws -> Bool {
    let rows = try await client.query("SELECT to_regclass(\(table)) IS NOT NULL AS present")
    return try rows.first?.decode(Bool.self, column: "present") ?? false
}

/// Awaits `operation` but gives up after `seconds`, so a lost notification fails the test instead
/// of hanging it.
func withTimeout<T: Sendable>(
    seconds: Double, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            throw TimeoutError()
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw TimeoutError() }
        return first
    }
}

struct TimeoutError: Error {}
