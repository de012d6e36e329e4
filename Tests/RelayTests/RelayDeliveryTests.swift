import Foundation
import Realtime
import Testing
import TestSupport

extension RelayIntegration {
    @Suite("Relay delivery")
    struct RelayDeliveryTests {
        @Test func frameForAUserReachesThatUsersSocketOnly() async throws {
            let harness = try await RelayHarness()
            let alice = try await harness.createUser()
            let bob = try await harness.createUser()
            let aliceSocket = try await harness.connectedSocket(alice)
            let bobSocket = try await harness.connectedSocket(bob)

            let streamID = try await harness.publish(["type": "notification:new", "id": "for-alice"], to: alice)
            let frame = try await aliceSocket.next()
            #expect(frame["type"] as? String == "notification:new")
            #expect(frame["id"] as? String == "for-alice")
            #expect(frame["stream_id"] as? String == streamID)

            // Frames to one user keep their order: if Bob had received Alice's frame, it would come
            // before this one.
            try await harness.publish(["type": "notification:new", "id": "for-bob"], to: bob)
            #expect(try await bobSocket.next()["id"] as? String == "for-bob")
            aliceSocket.close()
            bobSocket.close()
            await harness.shutdown()
        }

        @Test func userWithSocketsOnTwoRelaysGetsTheFrameOnBoth() async throws {
            let harness = try await RelayHarness(relays: 2)
            let user = try await harness.createUser()
            let first = try await harness.connectedSocket(user, relay: harness.relays[0])
            let second = try await harness.connectedSocket(user, relay: harness.relays[1])

            try await harness.publish(["type": "notification:new", "id": "both"], to: user)
            #expect(try await first.next()["id"] as? String == "both")
            #expect(try await second.next()["id"] as? String == "both")
            #expect(harness.relays[0].connectionCount(ofUser: user) == 1)
            #expect(harness.relays[1].connectionCount(ofUser: user) == 1)
            first.close()
            second.close()
            await harness.shutdown()
        }

        @Test func reconnectingWithLastIDReplaysExactlyTheMissedFramesThenLiveOnes() async throws {
            let harness = try await RelayHarness()
            let user = try await harness.createUser()
            let socket = try await harness.connectedSocket(user)
            let seenID = try await harness.publish(["type": "n", "seq": 0], to: user)
            #expect(try await socket.next()["stream_id"] as? String == seenID)
            socket.close()
            _ = try? await socket.closeFrame()
            try await Eventually.wait(for: "the socket to be released", timeout: .seconds(10)) {
                harness.relay.connectionCount(ofUser: user) == 0
            }

            var missed: [String] = []
            for seq in 1...5 {
                missed.append(try await harness.publish(["type": "n", "seq": seq], to: user))
            }
            let again = try await harness.connectedSocket(user, lastID: seenID)
            for (offset, id) in missed.enumerated() {
                let frame = try await again.next()
                #expect(frame["stream_id"] as? String == id)
                #expect(frame["seq"] as? Int == offset + 1)
            }
            let liveID = try await harness.publish(["type": "n", "seq": 6], to: user)
            let live = try await again.next()
            #expect(live["stream_id"] as? String == liveID)
            #expect(live["seq"] as? Int == 6)
            // Nothing else (no duplicate of a replayed frame) arrived before a final marker.
            try await harness.publish(["type": "marker"], to: user)
            #expect(try await again.next()["type"] as? String == "marker")
            again.close()
            await harness.shutdown()
        }

        @Test func invalidLastIDGivesAnErrorFrameAndNoReplay() async throws {
            let harness = try await RelayHarness()
            let user = try await harness.createUser()
            try await harness.publish(["type": "stored"], to: user)
            let socket = try await harness.connectedSocket(user, lastID: "not-an-id")
            let error = try await socket.next()
            #expect(error["type"] as? String == "error")
            #expect(error["code"] as? String == "bad_last_id")
            try await harness.publish(["type": "marker"], to: user)
            #expect(try await socket.next()["type"] as? String == "marker")
            socket.close()
            await harness.shutdown()
        }

        @Test func unknownOrMalformedFramesGetAnErrorFrameWithoutClosing() async throws {
            let harness = try await RelayHarness()
            let user = try await harness.createUser()
            let socket = try await harness.connectedSocket(user)
            socket.send(["type": "dance"])
            let unknown = try await socket.next()
            #expect(unknown["type"] as? String == "error")
            #expect(unknown["code"] as? String == "bad_frame")
            socket.sendRaw("{not json")
            #expect(try await socket.next()["code"] as? String == "bad_frame")
            socket.send(["type": "join"])
            #expect(try await socket.next()["code"] as? String == "bad_frame")
            try await harness.publish(["type": "still-open"], to: user)
            #expect(try await socket.next()["type"] as? String == "still-open")
            socket.close()
            await harness.shutdown()
        }

        @Test func presenceHashCountsTheUsersSocketsAndIsRemovedWithTheLast() async throws {
            let harness = try await RelayHarness()
            let user = try await harness.createUser()
            let key = RealtimeChannels.presence(user)
            let field = harness.relay.settings.instanceID
            let first = try await harness.connectedSocket(user)
            let second = try await harness.connectedSocket(user)
            try await Eventually.wait(for: "presence 2", timeout: .seconds(10), every: .milliseconds(50)) {
                try await harness.redis.send("HGET", key, field).int == 2
            }
            let ttl = try await harness.redis.send("TTL", key).int ?? -1
            #expect(ttl > 0 && ttl <= 60)
            first.close()
            second.close()
            try await Eventually.wait(for: "presence removed", timeout: .seconds(10), every: .milliseconds(50)) {
                try await harness.redis.send("HEXISTS", key, field).int == 0
            }
            await harness.shutdown()
        }
    }
}

extension RelayIntegration {
    @Suite("Relay shutdown")
    struct RelayShutdownTests {
        @Test func gracefulShutdownClosesEverySocketWith1001() async throws {
            let harness = try await RelayHarness()
            let user = try await harness.createUser()
            let socket = try await harness.connectedSocket(user)
            let stopping = Task { await harness.stopRelays() }
            let close = try await socket.closeFrame()
            #expect(close.map { TestSocket.code($0.closeCode) } == 1001)
            #expect(close?.reason == "going away")
            await stopping.value
            #expect(harness.relay.connectionCount == 0)
            await harness.shutdown()
        }
    }
}
