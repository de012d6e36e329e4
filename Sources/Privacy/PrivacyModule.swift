import Identity
import Ingress
import Logging
import PostgresClient

/// RGPD as the ingress sees it: the `/v1/privacy` routes of the user and the
/// `/v1/admin/privacy` routes of admins. The work itself (exports, erasures) is done by the
/// `erasure` worker (Workers/Erasure).
public struct PrivacyModule: Sendable {
    let settings: PrivacySettings
    let signer: PrivacySigner
    let postgres: PostgresClient
    let exports: ExportStore
    let deletions: DeletionRequestStore
    let ledger: ErasureLedger
    let audit: AuditLog
    let accessGuard: AccessGuard

    public init(postgres: PostgresClient, settings: PrivacySettings, accessGuard: AccessGuard, logger: Logger) {
        self.settings = settings
        self.postgres = postgres
        self.accessGuard = accessGuard
        signer = PrivacySigner(secret: settings.signingSecret)
        exports = ExportStore(postgres: postgres)
        deletions = DeletionRequestStore(postgres: postgres)
        ledger = ErasureLedger(postgres: postgres)
        audit = AuditLog(postgres: postgres, logger: logger)
    }

    public var routes: IngressApplication.RouteInstaller {
        { [self] routes, _ in
            PrivacyRoutes.add(to: routes, module: self, guard: accessGuard)
            PrivacyAdminRoutes.add(to: routes, module: self, guard: accessGuard)
        }
    }
}
