import Foundation
import Hummingbird
import Identity
import Ingress
import Pipeline
import Platform

/// `/v1/admin/webhook-events`: every provider event received, its outcome, and replay for
/// events that did not apply (failed, unmatched, unhandled). Admins only.
enum WebhookAdminRoutes {
    static let tag = "admin"
    static let maximumPageSize = 200

    static func add(to routes: APIRoutes, store: WebhookEventStore, publisher: any CommandPublisher, access: AccessGuard) {
        let admin: Set<Role> = [.admin]

        routes.add(.get, "/v1/admin/webhook-events", summary: "Received webhook events, newest first (filters: type, status; cursor: before)",
                   tag: tag, replies: [.init(200, "events and the next cursor"), .init(400, "unknown status or bad cursor"), .init(403, "not an admin")],
                   authenticated: true,
                   handler: access.protected(roles: admin) { request, _, _ in
                       let query = request.uri.queryParameters
                       var issues: [APIError.FieldIssue] = []
                       let status = query.get("status").map { WebhookEventStatus(rawValue: $0) }
                       if case .some(nil) = status {
                           issues.append(.init(field: "status", issue: "must be one of \(WebhookEventStatus.allCases.map(\.rawValue).joined(separator: ", "))"))
                       }
                       let before = query.get("before").map { RFC3339.parse($0) }
                       if case .some(nil) = before { issues.append(.init(field: "before", issue: "must be an RFC 3339 time from next_cursor")) }
                       let limit = query.get("limit").map { Int($0) } ?? 50
                       guard let limit, (1...maximumPageSize).contains(limit) else {
                           throw APIError.validation(issues + [.init(field: "limit", issue: "must be an integer from 1 to \(maximumPageSize)")])
                       }
                       guard issues.isEmpty else { throw APIError.validation(issues) }
                       let events = try await store.list(type: query.get("type"), status: status ?? nil, before: before ?? nil, limit: limit)
                       let next = events.count == limit ? events.last.map { RFC3339.format($0.receivedAt) } : nil
                       return SuccessEnvelope(EventPage(events: events, nextCursor: next))
                   })

        routes.add(.get, "/v1/admin/webhook-events/:id", summary: "One received event with its body", tag: tag,
                   replies: [.init(200, "the event"), .init(403, "not an admin"), .init(404, "no such event")], authenticated: true,
                   handler: access.protected(roles: admin) { _, context, _ in
                       guard let id = context.parameters.get("id"), let found = try await store.event(id: id) else { throw APIError.notFound("webhook event") }
                       let payload = try? JSONDecoder().decode(StripeJSON.self, from: Data(found.payload.json.utf8))
                       return SuccessEnvelope(EventDetail(event: found.record, payload: payload))
                   })

        routes.add(.post, "/v1/admin/webhook-events/:id/replay", summary: "Apply a stored event again (not for processed or stale events)", tag: tag,
                   replies: [.init(202, "queued for the webhook worker"), .init(403, "not an admin"), .init(404, "no such event"),
                             .init(409, "already applied"), .init(503, "the broker did not acknowledge")],
                   authenticated: true,
                   handler: access.protected(roles: admin) { _, context, principal in
                       guard let id = context.parameters.get("id"), let found = try await store.event(id: id) else { throw APIError.notFound("webhook event") }
                       guard !found.record.status.isFinal else {
                           throw APIError(status: .conflict, code: "already_applied",
                                          message: "this event is \(found.record.status.rawValue); replaying it would change nothing")
                       }
                       let command = try ProcessStripeEvent(document: Array(found.payload.json.utf8))
                       let receipt = try await publisher.publish(command, actor: principal.actor, traceparent: nil)
                       return SuccessEnvelope(Replayed(eventID: id, commandID: receipt.commandID), status: .accepted)
                   })
    }

    struct EventPage: Encodable, Sendable {
        let events: [WebhookEventRecord]
        let nextCursor: String?
    }

    struct EventDetail: Encodable, Sendable {
        let event: WebhookEventRecord
        let payload: StripeJSON?
    }

    struct Replayed: Encodable, Sendable {
        let eventID: String
        let commandID: UUID
    }
}
