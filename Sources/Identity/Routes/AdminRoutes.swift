import Email
import Foundation
import Hummingbird
import Ingress

/// `/v1/admin/*` routes of Identity and of the email worker's data: admins only.
enum AdminRoutes {
    static let tag = "admin"

    static func add(to routes: APIRoutes, service: IdentityService, guard access: AccessGuard,
                    deliveries: DeliveryLogStore, suppressions: SuppressionStore) {
        let user = JSONSchema.success(IdentitySchemas.user)
        let admin: Set<Role> = [.admin]

        routes.add(.put, "/v1/admin/users/:id/roles", summary: "Replace a user's roles", tag: tag,
                   requestBody: JSONSchema.object([("roles", JSONSchema.array(JSONSchema.string(enumValues: Role.allCases.map(\.rawValue))))], required: ["roles"]),
                   replies: [.init(200, "the user", schema: user), .init(400, "unknown role"), .init(403, "not an admin"), .init(404, "no such user")],
                   authenticated: true,
                   handler: access.protected(roles: admin) { request, context, principal in
                       let id = try userID(context)
                       let input = try await JSONBody.decode(RolesRequest.self, from: request, limit: context.maxBodyBytes)
                       return SuccessEnvelope(try await service.setRoles(principal, userID: id, roles: input.roles,
                                                                         origin: IdentityRoutes.origin(request, context)))
                   })

        routes.add(.put, "/v1/admin/users/:id/status", summary: "Suspend (closes every session) or reactivate a user", tag: tag,
                   requestBody: JSONSchema.object([("status", JSONSchema.string(enumValues: ["active", "suspended"]))], required: ["status"]),
                   replies: [.init(200, "the user", schema: user), .init(403, "not an admin"), .init(404, "no such user")],
                   authenticated: true,
                   handler: access.protected(roles: admin) { request, context, principal in
                       let id = try userID(context)
                       let input = try await JSONBody.decode(StatusRequest.self, from: request, limit: context.maxBodyBytes)
                       return SuccessEnvelope(try await service.setStatus(principal, userID: id, status: input.status,
                                                                          origin: IdentityRoutes.origin(request, context)))
                   })

        routes.add(.get, "/v1/admin/emails", summary: "The email delivery log (filters: status, recipient)", tag: tag,
                   replies: [.init(200, "newest first"), .init(400, "unknown status"), .init(403, "not an admin")], authenticated: true,
                   handler: access.protected(roles: admin) { request, _, _ in
                       let query = request.uri.queryParameters
                       var status: DeliveryStatus?
                       if let text = query.get("status") {
                           guard let parsed = DeliveryStatus(rawValue: text) else {
                               throw APIError.validation([.init(field: "status", issue: "must be one of \(DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", "))")])
                           }
                           status = parsed
                       }
                       let records = try await deliveries.list(status: status, recipient: query.get("recipient"), limit: 200)
                       return SuccessEnvelope(records)
                   })

        routes.add(.get, "/v1/admin/email-suppressions", summary: "Addresses transactional email is not sent to", tag: tag,
                   replies: [.init(200, "newest first"), .init(403, "not an admin")], authenticated: true,
                   handler: access.protected(roles: admin) { _, _, _ in
                       SuccessEnvelope(try await suppressions.list(limit: 500))
                   })

        routes.add(.delete, "/v1/admin/email-suppressions/:address", summary: "Let email reach an address again", tag: tag,
                   replies: [.init(200, "removed"), .init(403, "not an admin"), .init(404, "not on the list")], authenticated: true,
                   handler: access.protected(roles: admin) { _, context, _ in
                       guard let address = context.parameters.get("address")?.removingPercentEncoding,
                             try await suppressions.remove(address) else { throw APIError.notFound("suppression") }
                       return SuccessEnvelope(IdentityRoutes.Done())
                   })
    }

    static func userID(_ context: RelaisRequestContext) throws -> UUID {
        try context.uuidParameter(notFound: "user")
    }

    struct RolesRequest: Decodable { let roles: [String] }
    struct StatusRequest: Decodable { let status: UserStatus }
}
