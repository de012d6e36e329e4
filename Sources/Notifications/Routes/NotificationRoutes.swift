import Foundation
import Hummingbird
import Identity
import Ingress

/// `/v1/notifications`: the signed-in user's own notifications only; someone else's id is a 404.
enum NotificationRoutes {
    static let tag = "notifications"
    static let maximumPerPage = 100

    static func add(to routes: APIRoutes, store: NotificationStore, guard access: AccessGuard) {
        routes.add(.get, "/v1/notifications", summary: "My notifications, newest first, with the unread count", tag: tag,
                   replies: [.init(200, "one page"), .init(400, "invalid page or per_page")], authenticated: true,
                   handler: access.protected { request, _, principal in
                       let (page, perPage) = try pagination(request)
                       return SuccessEnvelope(try await store.page(userID: principal.userID, page: page, perPage: perPage))
                   })

        // Registered before `/:id/read` so the literal segment wins.
        routes.add(.put, "/v1/notifications/read-all", summary: "Mark all my notifications read", tag: tag,
                   replies: [.init(200, "how many changed")], authenticated: true,
                   handler: access.protected { _, _, principal in
                       SuccessEnvelope(MarkedRead(updated: try await store.markAllRead(userID: principal.userID)))
                   })

        routes.add(.put, "/v1/notifications/:id/read", summary: "Mark one notification read", tag: tag,
                   replies: [.init(200, "the notification"), .init(404, "no such notification of mine")], authenticated: true,
                   handler: access.protected { _, context, principal in
                       guard let notification = try await store.markRead(id: try context.uuidParameter(notFound: "notification"), userID: principal.userID) else {
                           throw APIError.notFound("notification")
                       }
                       return SuccessEnvelope(notification)
                   })

        routes.add(.delete, "/v1/notifications/:id", summary: "Delete one notification", tag: tag,
                   replies: [.init(200, "deleted"), .init(404, "no such notification of mine")], authenticated: true,
                   handler: access.protected { _, context, principal in
                       guard try await store.delete(id: try context.uuidParameter(notFound: "notification"), userID: principal.userID) else {
                           throw APIError.notFound("notification")
                       }
                       return SuccessEnvelope(Deleted(deleted: true))
                   })
    }

    struct MarkedRead: Encodable { let updated: Int }
    struct Deleted: Encodable { let deleted: Bool }

    /// `page` ≥ 1 (default 1) and `per_page` in 1…100 (default 20).
    static func pagination(_ request: Request) throws -> (page: Int, perPage: Int) {
        let query = request.uri.queryParameters
        var issues: [APIError.FieldIssue] = []
        let page = query.get("page").map { Int($0) } ?? 1
        let perPage = query.get("per_page").map { Int($0) } ?? 20
        if !(page.map { $0 >= 1 } ?? false) {
            issues.append(.init(field: "page", issue: "must be an integer of at least 1"))
        }
        if !(perPage.map { (1...maximumPerPage).contains($0) } ?? false) {
            issues.append(.init(field: "per_page", issue: "must be an integer from 1 to \(maximumPerPage)"))
        }
        guard issues.isEmpty, let page, let perPage else { throw APIError.validation(issues) }
        return (page, perPage)
    }
}
