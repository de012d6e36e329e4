import Foundation
import HTTPTypes
@testable import Identity
import Testing
import TestSupport

extension RelayIntegration {
    @Suite("Relay authentication")
    struct RelayAuthenticationTests {
        @Test func validTokenInTheAuthorizationHeaderConnects() async throws {
            let harness = try await RelayHarness()
            let user = try await harness.createUser()
            let socket = TestSocket(port: harness.port, headers: [.authorization: "Bearer \(try harness.token(for: user).token)"])
            let frame = try await socket.next()
            #expect(frame["type"] as? String == "connected")
            #expect(frame["user_id"] as? String == user.uuidString.lowercased())
            socket.close()
            await harness.shutdown()
        }

        @Test func validTokenInTheQueryConnects() async throws {
            let harness = try await RelayHarness()
            let user = try await harness.createUser()
            let socket = try await harness.connectedSocket(user)
            #expect(harness.relay.connectionCount(ofUser: user) == 1)
            socket.close()
            await harness.shutdown()
        }

        @Test func validTokenInTheFirstFrameConnects() async throws {
            let harness = try await RelayHarness()
            let user = try await harness.createUser()
            let socket = TestSocket(port: harness.port)
            socket.send(["type": "auth", "token": try harness.token(for: user).token])
            let frame = try await socket.next()
            #expect(frame["type"] as? String == "connected")
            #expect(frame["user_id"] as? String == user.uuidString.lowercased())
            socket.close()
            await harness.shutdown()
        }

        @Test func tokenWithAnotherSignatureIsClosedWith4401() async throws {
            let harness = try await RelayHarness()
            let user = try await harness.createUser()
            let other = try await AccessTokens(configuration: AccessTokenConfiguration(signingSecret: String(repeating: "z", count: 40)))
            let token = try other.sign(userID: user, roles: [], sessionID: UUID(), now: Date()).token
            let socket = TestSocket(port: harness.port, query: "access_token=\(token)")
            let close = try await socket.closeFrame()
            #expect(close.map { TestSocket.code($0.closeCode) } == 4401)
            #expect(close?.reason == "invalid token")
            #expect(socket.unread.isEmpty)
            await harness.shutdown()
        }

        @Test func expiredTokenIsClosedWith4401() async throws {
            let harness = try await RelayHarness()
            let user = try await harness.createUser()
            let token = try harness.token(for: user, now: Date().addingTimeInterval(-3_600)).token
            let socket = TestSocket(port: harness.port)
            socket.send(["type": "auth", "token": token])
            #expect(try await socket.closeCode() == 4401)
            await harness.shutdown()
        }

        @Test func denylistedTokenIsClosedWith4401() async throws {
            let harness = try await RelayHarness()
            let user = try await harness.createUser()
            let (token, claims) = try harness.token(for: user)
            try await TokenDenylist(redis: harness.redis, accessTokenLifetime: .seconds(900))
                .revoke(tokenID: claims.tokenID, expiresAt: claims.expiresAt, userID: user)
            let socket = TestSocket(port: harness.port, query: "access_token=\(token)")
            let close = try await socket.closeFrame()
            #expect(close.map { TestSocket.code($0.closeCode) } == 4401)
            #expect(close?.reason == "token revoked")
            await harness.shutdown()
        }

        @Test func socketWithoutAuthenticationIsClosedAfterTheTimeout() async throws {
            let harness = try await RelayHarness { $0.authTimeout = .milliseconds(500) }
            let socket = TestSocket(port: harness.port)
            let close = try await socket.closeFrame(timeout: .seconds(10))
            #expect(close.map { TestSocket.code($0.closeCode) } == 4401)
            #expect(close?.reason == "authentication timeout")
            try await Eventually.wait(for: "the socket to be released", timeout: .seconds(10)) { harness.relay.connectionCount == 0 }
            await harness.shutdown()
        }

        @Test func socketIsClosedWhenItsTokenExpires() async throws {
            let harness = try await RelayHarness()
            let shortLived = try await AccessTokens(configuration: AccessTokenConfiguration(
                signingSecret: RelayHarness.secret, lifetime: .seconds(2)))
            let user = try await harness.createUser()
            let token = try shortLived.sign(userID: user, roles: [], sessionID: UUID(), now: Date()).token
            let socket = TestSocket(port: harness.port, query: "access_token=\(token)")
            #expect(try await socket.next()["type"] as? String == "connected")
            let close = try await socket.closeFrame(timeout: .seconds(10))
            #expect(close.map { TestSocket.code($0.closeCode) } == 4401)
            #expect(close?.reason == "token expired")
            await harness.shutdown()
        }

        @Test func revokingTheSessionClosesTheSocketWithinOneSecond() async throws {
            let harness = try await RelayHarness()
            let user = try await harness.createUser()
            let sessionID = UUID()
            let token = try harness.token(for: user, sessionID: sessionID).token
            let socket = TestSocket(port: harness.port, query: "access_token=\(token)")
            #expect(try await socket.next()["type"] as? String == "connected")
            let started = ContinuousClock.now
            try await TokenDenylist(redis: harness.redis, accessTokenLifetime: .seconds(900)).revoke(sessionIDs: [sessionID], userID: user)
            let close = try await socket.closeFrame(timeout: .seconds(1))
            #expect(ContinuousClock.now - started <= .seconds(1))
            #expect(close.map { TestSocket.code($0.closeCode) } == 4401)
            #expect(close?.reason == "token revoked")
            await harness.shutdown()
        }

        @Test func healthAnswersOnTheRelayPort() async throws {
            let harness = try await RelayHarness()
            let port = harness.port
            let head = try await RawClient.offPool {
                let client = try RawClient(port: port, receiveBuffer: 65_536)
                try client.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                return try client.readHead()
            }
            #expect(head.hasPrefix("HTTP/1.1 200"))
            await harness.shutdown()
        }
    }
}
