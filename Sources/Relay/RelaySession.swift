import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Realtime
import RedisClient

/// Runs one socket: authentication, recovery of missed frames, then client frames, while a
/// child task drains the socket's queue into it.
struct RelaySession: Sendable {
    let registry: ConnectionRegistry
    let authenticator: RelayAuthenticator
    let rooms: any RoomAccess
    let redis: RedisClient
    let presence: PresenceTracker
    let settings: RelaySettings
    let logger: Logger

    /// Largest client message accepted; client frames are small JSON objects.
    static let maximumClientMessageBytes = 16 * 1024
    /// Frames replayed at most; user streams are capped far below this.
    static let maximumReplayFrames = 1_000

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, context: WebSocketRouterContext<RelayRequestContext>) async {
        let deadline = ContinuousClock.now + settings.authTimeout
        guard let connection = registry.add({ id in
            RelayConnection(id: id, channel: context.requestContext.channel, bound: settings.sendBufferFrames,
                            authenticationDeadline: deadline, closeGracePeriod: settings.closeGracePeriod)
        }) else {
            try? await outbound.close(.goingAway, reason: RelayClose.goingAway.reason)
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await connection.writeFrames(to: outbound) }
            await read(inbound, connection: connection, request: context.request)
            connection.finish()
            group.cancelAll()
        }
        if let userID = registry.remove(connection) {
            presence.markDirty(userID)
        }
    }

    private func read(_ inbound: WebSocketInboundStream, connection: RelayConnection, request: Request) async {
        let query = request.uri.queryParameters
        let upgradeToken = RelayAuthenticator.token(
            authorization: request.headers[.authorization], query: query.get("access_token"))
        if let upgradeToken {
            await authenticate(upgradeToken, lastID: query.get("last_id"), connection: connection)
        }
        var messages = inbound.messages(maxSize: Self.maximumClientMessageBytes).makeAsyncIterator()
        while true {
            let message: WebSocketMessage?
            do {
                message = try await messages.next()
            } catch {
                return
            }
            guard let message else { return }
            // After a close was requested, the client's frames are read (to finish the close
            // handshake) and ignored.
            guard !connection.isClosing else { continue }
            guard case .text(let text) = message else {
                connection.send(ServerFrame.error("bad_frame", "frames must be JSON text"))
                continue
            }
            let frame: ClientFrame
            do {
                frame = try ClientFrame.parse(Array(text.utf8))
            } catch {
                if connection.authentication == nil {
                    connection.close(.authenticationRequired)
                } else {
                    connection.send(ServerFrame.error("bad_frame", error.message))
                }
                continue
            }
            await handle(frame, connection: connection)
        }
    }

    private func handle(_ frame: ClientFrame, connection: RelayConnection) async {
        guard let authentication = connection.authentication else {
            if case .auth(let token, let lastID) = frame {
                await authenticate(token, lastID: lastID, connection: connection)
            } else {
                connection.close(.authenticationRequired)
            }
            return
        }
        switch frame {
        case .auth:
            connection.send(ServerFrame.error("bad_frame", "already authenticated"))
        case .join(let room):
            await join(room, userID: authentication.userID, connection: connection)
        case .leave(let room):
            let room = Self.canonical(room)
            _ = connection.setJoined(room, false)
            registry.leave(room, connection)
            connection.send(ServerFrame.left(room))
        case .typing(let room):
            let room = Self.canonical(room)
            await publish(ServerFrame.typing(room: room, userID: authentication.userID), to: room, connection: connection)
        case .read(let room, let messageID):
            let room = Self.canonical(room)
            await publish(ServerFrame.read(room: room, userID: authentication.userID, messageID: messageID), to: room,
                          connection: connection)
        }
    }

    private func authenticate(_ token: String, lastID: String?, connection: RelayConnection) async {
        let claims = await authenticator.authenticate(token)
        guard case .success(let claims) = claims else {
            if case .failure(let close) = claims { connection.close(close) }
            return
        }
        let resumeFrom = lastID.flatMap { StreamID($0) }
        let authentication = RelayConnection.Authentication(
            userID: claims.userID, tokenID: claims.tokenID, sessionID: claims.sessionID, expiresAt: claims.expiresAt)
        // Identity, `connected` and the replay hold are set before the socket is reachable by
        // user id, so no live frame can precede `connected` or slip past the replay.
        guard connection.authenticate(authentication, connectedFrame: ServerFrame.connected(userID: claims.userID),
                                      replaying: resumeFrom != nil) else { return }
        registry.addUser(claims.userID, connection)
        presence.markDirty(claims.userID)
        if lastID != nil, resumeFrom == nil {
            connection.send(ServerFrame.error("bad_last_id", "last_id is not a stream id"))
        }
        if let resumeFrom {
            await replay(userID: claims.userID, after: resumeFrom, connection: connection)
        }
    }

    /// Sends the user's stored frames after `after`, then releases the live frames held meanwhile.
    private func replay(userID: UUID, after: StreamID, connection: RelayConnection) async {
        var lastDelivered = after
        do {
            let reply = try await redis.send([
                "XRANGE", .string(RealtimeChannels.userStream(userID)), .string("(\(after)"), "+",
                "COUNT", .int(Self.maximumReplayFrames),
            ])
            for entry in reply.array ?? [] {
                guard let parts = entry.array, parts.count == 2, let idText = parts[0].string, let id = StreamID(idText),
                      let frame = Self.field("frame", in: parts[1]), frame.first == UInt8(ascii: "{")
                else { continue }
                guard connection.send(RealtimeFrame.withStreamID(frame, idText)) == .queued else { return }
                lastDelivered = max(lastDelivered, id)
            }
        } catch {
            logger.warning("replay failed", metadata: ["error": "\(error)"])
            connection.send(ServerFrame.error("unavailable", "missed frames could not be read"))
        }
        connection.finishReplay(lastDelivered: lastDelivered)
    }

    private func join(_ room: String, userID: UUID, connection: RelayConnection) async {
        let room = Self.canonical(room)
        let allowed: Bool
        do {
            allowed = try await rooms.mayJoin(userID: userID, room: room)
        } catch {
            logger.warning("room access check failed", metadata: ["error": "\(error)"])
            connection.send(ServerFrame.error("unavailable", "try joining again later"))
            return
        }
        guard allowed else {
            connection.close(.roomForbidden)
            return
        }
        guard connection.setJoined(room, true) else { return }
        registry.join(room, connection)
        connection.send(ServerFrame.joined(room))
    }

    private func publish(_ frame: [UInt8], to room: String, connection: RelayConnection) async {
        guard connection.hasJoined(room) else {
            connection.send(ServerFrame.error("not_joined", "join the room first"))
            return
        }
        do {
            try await redis.publish(RealtimeChannels.room(room), frame)
        } catch {
            connection.send(ServerFrame.error("unavailable", "the frame was not delivered"))
        }
    }

    /// Conversation rooms in the lower-case form workers publish to.
    static func canonical(_ room: String) -> String {
        RealtimeRoom.conversationID(room).map(RealtimeRoom.conversation) ?? room
    }

    /// A field of a stream entry's `[field, value, …]` array.
    static func field(_ name: String, in fields: RedisValue) -> [UInt8]? {
        guard let items = fields.array else { return nil }
        var index = 0
        while index + 1 < items.count {
            if items[index].string == name { return items[index + 1].bytes }
            index += 2
        }
        return nil
    }
}
