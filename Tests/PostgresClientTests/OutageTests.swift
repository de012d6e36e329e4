import Foundation
import Testing
import PostgresClient

@Suite("Server outage (private PostgreSQL instance)")
struct OutageTests {
    @Test func poolAndListenerRecoverByThemselvesAfterTheServerRestarts() async throws {
        let server = try PrivatePostgres()
        defer { server.destroy() }
        var configuration = try PostgresConfiguration(url: server.url)
        configuration.poolSize = 2
        configuration.connectTimeout = .seconds(30)
        let client = PostgresClient(configuration: configuration, logger: testLogger)
        let notifications = client.listen("outage_channel")
        try await withTimeout(seconds: 10) { try await notifications.waitUntilListening() }
        #expect(try await client.query("SELECT 1 AS one").first?.decode(Int.self, column: "one") == 1)

        try server.stop()
        let started = ContinuousClock.now
        let down = await #expect(throws: PostgresError.self) { try await client.query("SELECT 1") }
        #expect(down?.code == .connection)
        #expect(down?.isRetryable == true)
        await #expect(throws: PostgresError.self) { try await client.ping() }
        // Far below the 30 s connect timeout: a refused connection fails at once (slack for CI load).
        #expect(ContinuousClock.now - started < .seconds(8))

        try server.start()
        #expect(try await client.query("SELECT 2 AS two").first?.decode(Int.self, column: "two") == 2)
        try await client.ping()

        // The listener comes back on its own, says so, and delivers again.
        let marker = try await withTimeout(seconds: 15) { () -> PostgresNotification? in
            for await notification in notifications where notification.isReconnect { return notification }
            return nil
        }
        #expect(marker?.isReconnect == true)
        try await withTimeout(seconds: 10) { try await notifications.waitUntilListening() }
        try await client.notify("outage_channel", payload: "back")
        let received = try await withTimeout(seconds: 10) { () -> String? in
            for await notification in notifications { return notification.payload }
            return nil
        }
        #expect(received == "back")
        notifications.cancel()
        await client.close()
    }
}
