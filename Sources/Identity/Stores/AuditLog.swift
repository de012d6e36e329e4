import Foundation
import Logging
import PostgresClient

/// The identity audit trail (`identity.audit_log`): who did what, when, from where, outcome.
/// Callers pass action names and outcomes only — never passwords, tokens or codes.
public struct AuditLog: Sendable {
    let postgres: PostgresClient
    let logger: Logger

    public init(postgres: PostgresClient, logger: Logger) {
        self.postgres = postgres
        self.logger = logger
    }

    /// Writes one entry. A failure is logged, not thrown: the audited action already happened
    /// and must not be reported to the client as failed.
    public func record(_ action: String, outcome: String, userID: UUID?, actor: String? = nil, origin: RequestOrigin, detail: String? = nil) async {
        do {
            try await postgres.execute("""
                INSERT INTO identity.audit_log (user_id, actor, action, outcome, ip, user_agent, detail)
                VALUES (\(userID), \(actor ?? userID.map { "user:\($0.uuidString.lowercased())" }), \(action), \(outcome),
                        \(origin.ip), \(origin.userAgent.map { String($0.prefix(300)) }), \(detail))
                """)
        } catch {
            logger.error("audit entry could not be written", metadata: ["action": "\(action)", "error": "\(error)"])
        }
    }
}
