import Foundation
import Realtime
import Testing
import TestSupport

extension RelayIntegration {
    @Suite("Relay rooms")
    struct RelayRoomTests {
        @Test func joiningAConversationOfOthersIsClosedWith4403() async throws {
            let harness = try await RelayHarness()
            let member = try await harness.createUser()
            let outsider = try await harness.createUser()
            let conversation = try await harness.createConversation(participants: [member])
            let socket = try await harness.connectedSocket(outsider)
            socket.send(["type": "join", "room": RealtimeRoom.conversation(conversation)])
            let close = try await socket.closeFrame()
            #expect(close.map { TestSocket.code($0.closeCode) } == 4403)
            #expect(socket.unread.isEmpty)
            await harness.shutdown()
        }

        @Test func roomFramesReachJoinedSocketsOnlyAndTypingReachesTheOtherParticipant() async throws {
            let harness = try await RelayHarness()
            let alice = try await harness.createUser()
            let bob = try await harness.createUser()
            let carol = try await harness.createUser()
            let conversation = try await harness.createConversation(participants: [alice, bob, carol])
            let room = RealtimeRoom.conversation(conversation)
            let aliceSocket = try await harness.connectedSocket(alice)
            let bobSocket = try await harness.connectedSocket(bob)
            let carolSocket = try await harness.connectedSocket(carol)  // a participant that did not join

            for socket in [aliceSocket, bobSocket] {
                socket.send(["type": "join", "room": room])
                let joined = try await socket.next()
                #expect(joined["type"] as? String == "joined")
                #expect(joined["room"] as? String == room)
            }

            let message = #"{"type":"chat:message","room":"\#(room)","body":"hello"}"#
            try await harness.redis.publish(RealtimeChannels.room(room), Array(message.utf8))
            #expect(try await aliceSocket.next()["body"] as? String == "hello")
            #expect(try await bobSocket.next()["body"] as? String == "hello")
            try await harness.publish(["type": "marker"], to: carol)
            #expect(try await carolSocket.next()["type"] as? String == "marker")

            aliceSocket.send(["type": "chat:typing", "room": room])
            let typing = try await bobSocket.next()
            #expect(typing["type"] as? String == "chat:typing")
            #expect(typing["room"] as? String == room)
            #expect(typing["user_id"] as? String == alice.uuidString.lowercased())

            bobSocket.send(["type": "chat:read", "room": room, "message_id": "m-1"])
            var read = try await aliceSocket.next()
            if read["type"] as? String == "chat:typing" { read = try await aliceSocket.next() }  // her own typing echo
            #expect(read["type"] as? String == "chat:read")
            #expect(read["user_id"] as? String == bob.uuidString.lowercased())
            #expect(read["message_id"] as? String == "m-1")

            // After leaving, room frames no longer arrive.
            bobSocket.send(["type": "leave", "room": room])
            var left = try await bobSocket.next()
            if left["type"] as? String == "chat:read" { left = try await bobSocket.next() }
            #expect(left["type"] as? String == "left")
            try await harness.redis.publish(RealtimeChannels.room(room), Array(message.utf8))
            try await harness.publish(["type": "marker"], to: bob)
            #expect(try await bobSocket.next()["type"] as? String == "marker")

            // Typing in a room the socket did not join is refused with an error frame.
            carolSocket.send(["type": "chat:typing", "room": room])
            #expect(try await carolSocket.next()["code"] as? String == "not_joined")
            for socket in [aliceSocket, bobSocket, carolSocket] { socket.close() }
            await harness.shutdown()
        }
    }
}
