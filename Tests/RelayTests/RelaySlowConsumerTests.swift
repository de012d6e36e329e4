import Foundation
import Realtime
import Testing
import TestSupport

extension RelayIntegration {
    @Suite("Relay slow consumers")
    struct RelaySlowConsumerTests {
        @Test func clientThatStopsReadingIsDroppedAndItsQueueFreed() async throws {
            let harness = try await RelayHarness { $0.sendBufferFrames = 16 }
            let user = try await harness.createUser()
            let port = harness.port
            let query = "access_token=\(try harness.token(for: user).token)"
            let client = try await RawClient.offPool { try RawClient(port: port) }
            let head = try await RawClient.offPool { try client.upgrade(query: query) }
            #expect(head.hasPrefix("HTTP/1.1 101"))
            try await Eventually.wait(for: "the socket to authenticate", timeout: .seconds(10), every: .milliseconds(20)) {
                harness.relay.connectionCount(ofUser: user) == 1
            }

            // 64 KiB frames: kernel buffers absorb a few megabytes, then the relay's queue fills.
            let frame = Array(#"{"type":"bulk","data":"\#(String(repeating: "x", count: 64 * 1024))"}"#.utf8)
            var published = 0
            while harness.relay.connectionCount(ofUser: user) > 0, published < 2_000 {
                try await harness.redis.publish(RealtimeChannels.user(user), frame)
                published += 1
                if published % 50 == 0 { try await Task.sleep(for: .milliseconds(20)) }
            }
            try await Eventually.wait(for: "the slow consumer to be dropped", timeout: .seconds(15)) {
                harness.relay.connectionCount == 0
            }
            #expect(harness.relay.queuedFrames == 0)
            #expect(published < 2_000)
            // From the client's side the connection ends (close frame, EOF or reset) once its
            // buffered bytes are read.
            let ended = try await RawClient.offPool { client.readsToEnd(limit: 64 << 20) }
            #expect(ended)
            await harness.shutdown()
        }
    }
}
