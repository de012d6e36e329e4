import Foundation
import Testing
import PostgresClient

@Suite("LISTEN / NOTIFY")
struct NotificationTests {
    /// Collects the first `count` notifications, failing after a few seconds instead of hanging.
    func receive(_ count: Int, from notifications: PostgresNotifications) async throws -> [PostgresNotification] {
        try await withTimeout(seconds: 10) {
            var received: [PostgresNotification] = []
            for await notification in notifications {
                received.append(notification)
                if received.count == count { break }
            }
            return received
        }
    }

    @Test func notifyReachesAListenerWithTheExactUnicodePayload() async throws {
        try await withClient { client in
            let channel = uniqueName("pgc_chan")
            let notifications = client.listen(channel)
            defer { notifications.cancel() }
            try await withTimeout(seconds: 10) { try await notifications.waitUntilListening() }
            let payloads = ["hello", "Zoë 漢字 مرحبا 👩‍👩‍👧‍👦 'q' \"d\" \\", ""]
            for payload in payloads { try await client.notify(channel, payload: payload) }
            let received = try await receive(payloads.count, from: notifications)
            #expect(received.map(\.payload) == payloads)
            #expect(received.allSatisfy { $0.channel == channel && !$0.isReconnect && $0.processID != 0 })
        }
    }

    @Test func aChannelNameNeedingQuotingWorks() async throws {
        try await withClient { client in
            let channel = "Odd \"Chan\" é; " + uniqueName("x")
            let notifications = client.listen(channel)
            defer { notifications.cancel() }
            try await withTimeout(seconds: 10) { try await notifications.waitUntilListening() }
            try await client.notify(channel, payload: "quoted")
            try await client.notify(channel.lowercased(), payload: "other channel")
            try await client.notify(channel, payload: "again")
            let received = try await receive(2, from: notifications)
            #expect(received.map(\.payload) == ["quoted", "again"])
            #expect(received.first?.channel == channel)
        }
    }

    @Test func aListenerReconnectsAndListensAgainAfterItsBackendIsTerminated() async throws {
        let applicationName = uniqueName("pgc_listen")
        try await withClient(applicationName: applicationName) { client in
            let channel = uniqueName("pgc_chan")
            let notifications = client.listen(channel)
            defer { notifications.cancel() }
            try await withTimeout(seconds: 10) { try await notifications.waitUntilListening() }
            let terminated = try await client.query("""
                SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
                WHERE application_name = \(applicationName) AND query LIKE 'LISTEN%'
                """)
            #expect(terminated.count == 1)
            let marker = try await receive(1, from: notifications)
            #expect(marker.first?.isReconnect == true)
            try await withTimeout(seconds: 10) { try await notifications.waitUntilListening() }
            try await client.notify(channel, payload: "after reconnect")
            let received = try await receive(1, from: notifications)
            #expect(received.first?.payload == "after reconnect")
        }
    }

    @Test func aNotifySentInsideATransactionIsDeliveredOnlyAfterCommit() async throws {
        try await withClient { client in
            let channel = uniqueName("pgc_chan")
            let notifications = client.listen(channel)
            defer { notifications.cancel() }
            try await withTimeout(seconds: 10) { try await notifications.waitUntilListening() }
            struct Abort: Error {}
            _ = try? await client.withTransaction { tx in
                try await tx.notify(channel, payload: "rolled back")
                throw Abort()
            }
            try await client.withTransaction { tx in
                try await tx.notify(channel, payload: "committed")
            }
            let received = try await receive(1, from: notifications)
            #expect(received.map(\.payload) == ["committed"])
        }
    }

    @Test func cancellingAListenerEndsItsSequence() async throws {
        try await withClient { client in
            let notifications = client.listen(uniqueName("pgc_chan"))
            try await withTimeout(seconds: 10) { try await notifications.waitUntilListening() }
            notifications.cancel()
            let leftovers = try await withTimeout(seconds: 5) {
                var count = 0
                for await _ in notifications { count += 1 }
                return count
            }
            #expect(leftovers == 0)
            await #expect(throws: PostgresError.self) { try await notifications.waitUntilListening() }
        }
    }
}
