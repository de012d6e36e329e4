import Foundation
import Hummingbird
import Identity
import Ingress
import Pipeline
import Realtime
import RedisClient

/// `/v1/chat`: conversations and messages of the signed-in participant. A conversation or
/// message the caller does not take part in answers 404, exactly like a missing one.
enum ChatRoutes {
    static let tag = "chat"
    static let maximumBodyCharacters = 4_000
    static let maximumParticipants = 50
    static let maximumPageSize = 100

    struct Dependencies {
        let store: ChatStore
        let publisher: any CommandPublisher
        let redis: RedisClient
        let access: AccessGuard
    }

    static func add(to routes: APIRoutes, _ deps: Dependencies) {
        let access = deps.access
        let store = deps.store

        routes.add(.post, "/v1/chat/conversations", summary: "Start a conversation", tag: tag,
                   requestBody: JSONSchema.object([("participant_ids", JSONSchema.array(JSONSchema.uuid)), ("title", JSONSchema.string()),
                                                   ("sensitive", JSONSchema.boolean)], required: ["participant_ids"]),
                   replies: [.init(201, "the conversation"), .init(400, "invalid participants or title")], authenticated: true,
                   handler: access.protected { request, context, principal in
                       let input = try await JSONBody.decode(NewConversation.self, from: request, limit: context.maxBodyBytes)
                       try input.validate()
                       guard let conversation = try await store.createConversation(
                           creator: principal.userID, participants: input.participantIDs,
                           title: input.title?.trimmingCharacters(in: .whitespacesAndNewlines), sensitive: input.sensitive ?? false)
                       else {
                           throw APIError.validation([.init(field: "participant_ids", issue: "every participant must be an active user")])
                       }
                       return SuccessEnvelope(conversation, status: .created)
                   })

        routes.add(.get, "/v1/chat/conversations", summary: "My conversations with their last message and unread count", tag: tag,
                   replies: [.init(200, "newest activity first")], authenticated: true,
                   handler: access.protected { _, _, principal in
                       SuccessEnvelope(try await opening { try await store.conversations(for: principal.userID) })
                   })

        routes.add(.get, "/v1/chat/conversations/:id/messages", summary: "Messages, newest first (cursor: before = a seq)", tag: tag,
                   replies: [.init(200, "one page and the next cursor"), .init(400, "invalid cursor or limit"),
                             .init(404, "no such conversation of mine")], authenticated: true,
                   handler: access.protected { request, context, principal in
                       let conversation = try await participantAccess(store, context, principal)
                       let (before, limit) = try cursor(request)
                       let messages = try await opening {
                           try await store.messages(conversationID: conversation.id, beforeSeq: before, limit: limit)
                       }
                       let next = messages.count == limit ? messages.last.map { String($0.seq) } : nil
                       return SuccessEnvelope(MessagePage(messages: messages, nextCursor: next))
                   })

        routes.add(.post, "/v1/chat/conversations/:id/messages", summary: "Send a message (stored and delivered by the worker)", tag: tag,
                   requestBody: JSONSchema.object([("body", JSONSchema.string())], required: ["body"]),
                   replies: [.init(202, "accepted: message id and command id"), .init(400, "empty or too long body"),
                             .init(404, "no such conversation of mine"), .init(503, "the broker did not acknowledge")],
                   authenticated: true,
                   handler: access.protected { request, context, principal in
                       let conversation = try await participantAccess(store, context, principal)
                       let input = try await JSONBody.decode(NewMessage.self, from: request, limit: context.maxBodyBytes)
                       try input.validate()
                       let messageID = UUIDv7.make()
                       let command = PostChatMessage(
                           messageID: messageID, conversationID: conversation.id, senderID: principal.userID,
                           body: conversation.sensitive ? nil : input.body,
                           sealedBody: conversation.sensitive ? try store.cipher.seal(input.body, messageID: messageID) : nil)
                       let receipt = try await deps.publisher.publish(command, actor: principal.userID.uuidString.lowercased(),
                                                                      traceparent: nil)
                       return SuccessEnvelope(Accepted(messageID: messageID, commandID: receipt.commandID), status: .accepted)
                   })

        routes.add(.put, "/v1/chat/messages/:id/read", summary: "Mark a message read (tells the room)", tag: tag,
                   replies: [.init(200, "the message"), .init(404, "no such message in my conversations")], authenticated: true,
                   handler: access.protected { _, context, principal in
                       let id = try context.uuidParameter(notFound: "message")
                       guard let message = try await opening({ try await store.markRead(messageID: id, userID: principal.userID) })
                       else { throw APIError.notFound("message") }
                       if message.senderID != principal.userID {
                           // Best effort: the read position is stored; a missed frame only delays the tick.
                           let room = RealtimeChannels.room(RealtimeRoom.conversation(message.conversationID))
                           _ = try? await deps.redis.publish(room, try ChatFrames.read(message, by: principal.userID))
                       }
                       return SuccessEnvelope(message)
                   })
    }

    static func participantAccess(_ store: ChatStore, _ context: RelaisRequestContext, _ principal: Principal) async throws -> ConversationAccess {
        let id = try context.uuidParameter(notFound: "conversation")
        guard let access = try await store.access(conversationID: id, userID: principal.userID)
        else { throw APIError.notFound("conversation") }
        return access
    }

    /// A sealed body this process cannot open means its keys are misconfigured: 503, not 500,
    /// and never the ciphertext.
    static func opening<T>(_ read: () async throws -> T) async throws -> T {
        do {
            return try await read()
        } catch is MessageCipher.Failure {
            throw APIError.unavailable("message encryption keys")
        }
    }

    /// `before`: a seq from the previous page (exclusive); `limit`: 1…100, default 50.
    static func cursor(_ request: Request) throws -> (before: Int64?, limit: Int) {
        let query = request.uri.queryParameters
        var issues: [APIError.FieldIssue] = []
        let before = query.get("before").map { Int64($0) }
        let limit = query.get("limit").map { Int($0) } ?? 50
        if case .some(let value) = before, !(value.map { $0 > 0 } ?? false) {
            issues.append(.init(field: "before", issue: "must be a positive integer (a message seq)"))
        }
        if !(limit.map { (1...maximumPageSize).contains($0) } ?? false) {
            issues.append(.init(field: "limit", issue: "must be an integer from 1 to \(maximumPageSize)"))
        }
        guard issues.isEmpty, let limit else { throw APIError.validation(issues) }
        return (before ?? nil, limit)
    }

    struct NewConversation: Decodable {
        let participantIDs: [UUID]
        let title: String?
        let sensitive: Bool?

        func validate() throws {
            var issues: [APIError.FieldIssue] = []
            if participantIDs.isEmpty || participantIDs.count > maximumParticipants {
                issues.append(.init(field: "participant_ids", issue: "must name 1 to \(maximumParticipants) users"))
            }
            if let title, title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || title.count > 200 {
                issues.append(.init(field: "title", issue: "must be 1 to 200 characters"))
            }
            guard issues.isEmpty else { throw APIError.validation(issues) }
        }
    }

    struct NewMessage: Decodable {
        let body: String

        func validate() throws {
            if body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || body.count > maximumBodyCharacters {
                throw APIError.validation([.init(field: "body", issue: "must be 1 to \(maximumBodyCharacters) characters, not only blanks")])
            }
        }
    }

    struct MessagePage: Encodable {
        let messages: [ChatMessage]
        let nextCursor: String?
    }

    struct Accepted: Encodable {
        let messageID: UUID
        let commandID: UUID
    }
}
