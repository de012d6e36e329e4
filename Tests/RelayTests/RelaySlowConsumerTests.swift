import Foundation
import Realtime
import Testing
import TestSupport

@Suite("Relay slow consumers")
struct RelaySlowConsumerTests {
    @Test func clientThatStopsReadingIsDroppedAndItsQueueFreed() async throws {
        let harness = try await RelayHarness { $0.sendBufferFrames = 16 }
        let user = try await harness.createUser()
        let client = try RawClient(port: harness.port)
        let head = try client.upgrade(query: "access_token=\(try harness.token(for: user).token)")
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
        await harness.shutdown()
    }
}
