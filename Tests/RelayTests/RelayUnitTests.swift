import Foundation
import NIOEmbedded
import Realtime
@testable import Relay
import Testing

@Suite("Relay pure logic")
struct RelayUnitTests {
    @Test func streamIDsCompareAsIntegerPairs() throws {
        let nine = try #require(StreamID("9-0"))
        let ten = try #require(StreamID("10-0"))
        #expect(nine < ten)
        #expect(try #require(StreamID("10-2")) > ten)
        #expect(StreamID("10") == nil)
        #expect(StreamID("a-1") == nil)
        #expect(StreamID("1-") == nil)
        #expect(StreamID("-1-2") == nil)
        #expect(StreamID("1-2-3") == nil)
    }

    @Test func leadingStreamIDIsReadFromPublishedFrames() {
        let frame = RealtimeFrame.withStreamID(Array(#"{"type":"x"}"#.utf8), "1700000000000-3")
        #expect(StreamID.leading(in: frame) == StreamID("1700000000000-3"))
        #expect(StreamID.leading(in: Array(#"{"type":"x"}"#.utf8)) == nil)
    }

    @Test func clientFramesParseOrAreRefusedWithAMessage() throws {
        #expect(try ClientFrame.parse(Array(#"{"type":"join","room":"conversation:1"}"#.utf8)) == .join(room: "conversation:1"))
        #expect(try ClientFrame.parse(Array(#"{"type":"auth","token":"t","last_id":"1-0"}"#.utf8)) == .auth(token: "t", lastID: "1-0"))
        #expect(try ClientFrame.parse(Array(#"{"type":"chat:read","room":"r","message_id":"m"}"#.utf8))
            == .read(room: "r", messageID: "m"))
        #expect(throws: ClientFrame.Malformed.self) { try ClientFrame.parse(Array(#"{"type":"chat:read","room":"r"}"#.utf8)) }
        #expect(throws: ClientFrame.Malformed.self) { try ClientFrame.parse(Array(#"["join"]"#.utf8)) }
        #expect(throws: ClientFrame.Malformed.self) { try ClientFrame.parse(Array(#"{"type":"nope"}"#.utf8)) }
    }

    @Test func liveFramesHeldDuringReplayAreQueuedAfterItWithoutDuplicates() {
        let connection = RelayConnection(id: 1, channel: EmbeddedChannel(), bound: 100, authenticationDeadline: .now,
                                         closeGracePeriod: .seconds(1))
        let authentication = RelayConnection.Authentication(userID: UUID(), tokenID: UUID(), sessionID: UUID(), expiresAt: .distantFuture)
        #expect(connection.authenticate(authentication, connectedFrame: Array("c".utf8), replaying: true))
        func frame(_ id: String) -> [UInt8] { RealtimeFrame.withStreamID(Array(#"{"n":1}"#.utf8), id) }
        // Live frames arrive while the stream is read: 5-0 and 6-0 are also in the replay.
        connection.sendLive(frame("5-0"))
        connection.sendLive(frame("6-0"))
        connection.sendLive(frame("10-0"))
        connection.send(frame("5-0"))
        connection.send(frame("6-0"))
        connection.finishReplay(lastDelivered: StreamID("6-0")!)
        connection.sendLive(frame("11-0"))
        let queued = connection.queuedSnapshot.map { StreamID.leading(in: $0)?.description ?? String(decoding: $0, as: UTF8.self) }
        #expect(queued == ["c", "5-0", "6-0", "10-0", "11-0"])
    }

    @Test func fullQueueClosesAsSlowConsumerAndFreesTheQueue() {
        let connection = RelayConnection(id: 1, channel: EmbeddedChannel(), bound: 3, authenticationDeadline: .now,
                                         closeGracePeriod: .seconds(1))
        for _ in 0..<3 { #expect(connection.send([1]) == .queued) }
        #expect(connection.send([1]) == .overflowed)
        #expect(connection.queuedFrames == 0)
        #expect(connection.isClosing)
        #expect(connection.send([1]) == .dropped)
    }
}
