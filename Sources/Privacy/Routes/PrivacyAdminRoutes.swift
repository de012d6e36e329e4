import Foundation
import Hummingbird
import Identity
import Ingress

/// `/v1/admin/privacy`: admins erase an account at once and read erasure receipts.
enum PrivacyAdminRoutes {
    static let tag = "privacy"

    static func add(to routes: APIRoutes, module: PrivacyModule, guard access: AccessGuard) {
        routes.add(.post, "/v1/admin/privacy/users/:id/erase", summary: "Erase an account now, skipping the grace period", tag: tag,
                   replies: [.init(202, "the erasure was queued"), .init(403, "not an admin"), .init(404, "no such live account")],
                   authenticated: true,
                   handler: access.protected(roles: [.admin]) { request, context, principal in
                       let userID = try context.uuidParameter(notFound: "user")
                       guard let deletion = try await module.deletions.eraseNow(userID: userID, actor: principal.actor) else {
                           throw APIError.notFound("user")
                       }
                       await module.audit.record("privacy.erasure_ordered", outcome: "accepted", userID: userID, actor: principal.actor,
                                                 origin: IdentityRoutes.origin(request, context))
                       return SuccessEnvelope(["deletion_request": deletion], status: .accepted)
                   })

        routes.add(.get, "/v1/admin/privacy/erasures/:id", summary: "An erasure's ledger and signed receipt", tag: tag,
                   replies: [.init(200, "ledger and receipt"), .init(403, "not an admin"), .init(404, "no erasure of this user")],
                   authenticated: true,
                   handler: access.protected(roles: [.admin]) { _, context, _ in
                       let userID = try context.uuidParameter(notFound: "erasure")
                       let ledger = try await module.ledger.entries(userID: userID)
                       let receipt = try await ErasureReceipt.of(userID: userID, on: module.postgres)
                       guard !ledger.isEmpty || receipt != nil else { throw APIError.notFound("erasure") }
                       return SuccessEnvelope(ErasureReport(
                           userID: userID, completed: receipt != nil, ledger: ledger, receipt: receipt?.document,
                           signature: receipt?.signature,
                           signatureValid: receipt.map { module.signer.isValidReceiptSignature($0.signature, of: Array($0.document.utf8)) }))
                   })
    }

    struct ErasureReport: Encodable, Sendable {
        let userID: UUID
        let completed: Bool
        let ledger: [ErasureLedger.Entry]
        /// The signed JSON text, exactly as signed.
        let receipt: String?
        let signature: String?
        let signatureValid: Bool?
    }
}
