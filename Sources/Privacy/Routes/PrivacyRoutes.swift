import Foundation
import Hummingbird
import Identity
import Ingress

/// `/v1/privacy`: the signed-in user's exports and deletion request. Everything is scoped to
/// the caller: another user's export is a 404, whatever the token.
enum PrivacyRoutes {
    static let tag = "privacy"
    static let maximumReasonLength = 1_000

    static func add(to routes: APIRoutes, module: PrivacyModule, guard access: AccessGuard) {
        routes.add(.post, "/v1/privacy/export", summary: "Export all my data (202; a download link is emailed when ready)", tag: tag,
                   replies: [.init(202, "the pending export")], authenticated: true,
                   handler: access.protected { request, context, principal in
                       let (export, created) = try await module.exports.request(userID: principal.userID, actor: principal.actor)
                       if created {
                           await module.audit.record("privacy.export_requested", outcome: "accepted", userID: principal.userID,
                                                     origin: IdentityRoutes.origin(request, context))
                       }
                       return SuccessEnvelope(["export": export], status: .accepted)
                   })

        routes.add(.get, "/v1/privacy/exports", summary: "My exports, newest first", tag: tag,
                   replies: [.init(200, "the exports")], authenticated: true,
                   handler: access.protected { _, _, principal in
                       SuccessEnvelope(["exports": try await module.exports.exports(userID: principal.userID)])
                   })

        routes.add(.get, "/v1/privacy/exports/:id", summary: "Download an export once, with the emailed link's token", tag: tag,
                   replies: [.init(200, "the export document"), .init(404, "no such export of mine, or a wrong token"),
                             .init(410, "the link expired or was already used")], authenticated: true,
                   handler: access.protected { request, context, principal in
                       let exportID = try context.uuidParameter(notFound: "export")
                       let token = request.uri.queryParameters.get("token") ?? ""
                       let download = try await module.exports.download(exportID, userID: principal.userID) { expiresAt in
                           module.signer.isValidExportToken(token, exportID: exportID, expiresAt: expiresAt)
                       }
                       switch download {
                       case let .document(json):
                           await module.audit.record("privacy.export_downloaded", outcome: "success", userID: principal.userID,
                                                     origin: IdentityRoutes.origin(request, context))
                           return ExportDocumentResponse(exportID: exportID, json: json)
                       case .notFound:
                           throw APIError.notFound("export")
                       case .expired:
                           throw APIError(status: .gone, code: "export_expired", message: "this download link has expired; request a new export")
                       case .alreadyDownloaded:
                           throw APIError(status: .gone, code: "export_already_downloaded",
                                          message: "this download link was already used; request a new export")
                       }
                   })

        routes.add(.post, "/v1/privacy/deletion-request", summary: "Ask for my account to be erased after the grace period", tag: tag,
                   replies: [.init(201, "the request"), .init(200, "my request already open"), .init(400, "invalid reason")],
                   authenticated: true,
                   handler: access.protected { request, context, principal in
                       let reason = try await DeletionReason.read(request, limit: context.maxBodyBytes)
                       let opening = try await module.deletions.open(
                           userID: principal.userID, reason: reason, gracePeriod: module.settings.gracePeriod, actor: principal.actor,
                           cancelURL: "\(module.settings.appBaseURL)/privacy/deletion-request/cancel")
                       switch opening {
                       case let .opened(deletion):
                           await module.audit.record("privacy.deletion_requested", outcome: "accepted", userID: principal.userID,
                                                     origin: IdentityRoutes.origin(request, context))
                           return SuccessEnvelope(["deletion_request": deletion], status: .created)
                       case let .alreadyOpen(deletion):
                           return SuccessEnvelope(["deletion_request": deletion], status: .ok)
                       case nil:
                           throw APIError.notFound("account")
                       }
                   })

        routes.add(.get, "/v1/privacy/deletion-request", summary: "My open deletion request", tag: tag,
                   replies: [.init(200, "the request"), .init(404, "no open request")], authenticated: true,
                   handler: access.protected { _, _, principal in
                       guard let deletion = try await module.deletions.openRequest(userID: principal.userID) else {
                           throw APIError.notFound("deletion request")
                       }
                       return SuccessEnvelope(["deletion_request": deletion])
                   })

        routes.add(.post, "/v1/privacy/deletion-request/cancel", summary: "Cancel my deletion request before its date", tag: tag,
                   replies: [.init(200, "the cancelled request"), .init(404, "no request that can still be cancelled")],
                   authenticated: true,
                   handler: access.protected { request, context, principal in
                       guard let deletion = try await module.deletions.cancel(userID: principal.userID) else {
                           throw APIError.notFound("cancellable deletion request")
                       }
                       await module.audit.record("privacy.deletion_cancelled", outcome: "success", userID: principal.userID,
                                                 origin: IdentityRoutes.origin(request, context))
                       return SuccessEnvelope(["deletion_request": deletion])
                   })
    }
}
