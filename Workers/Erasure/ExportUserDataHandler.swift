import Foundation
import PersonalData
import Pipeline
import PostgresClient
import Privacy

/// Handles `ExportUserData`: reads every registered store in one repeatable-read snapshot,
/// stores the document on the export and queues the email with the signed link, in that same
/// transaction. Only a pending export changes, so a redelivered command does nothing.
public struct ExportUserDataHandler: CommandHandler {
    let postgres: PostgresClient
    let registry: PersonalDataRegistry
    let settings: PrivacySettings
    let exports: ExportStore
    let signer: PrivacySigner

    public init(postgres: PostgresClient, registry: PersonalDataRegistry, settings: PrivacySettings) {
        self.postgres = postgres
        self.registry = registry
        self.settings = settings
        exports = ExportStore(postgres: postgres)
        signer = PrivacySigner(secret: settings.signingSecret)
    }

    public func handle(_ command: ExportUserData, context: HandlerContext) async throws {
        try await postgres.withTransaction(isolation: .repeatableRead) { connection in
            let pending = try await connection.query("""
                SELECT 1 AS pending FROM privacy.exports WHERE id = \(command.exportID) AND status = 'pending' FOR UPDATE
                """)
            guard !pending.isEmpty else { return }
            var stores: [(name: String, parts: [ExportPart])] = []
            for store in registry.stores {
                stores.append((store.name, try await store.export(command.userID, on: connection)))
            }
            let document = try ExportDocument.build(userID: command.userID, stores: stores)
            let expiresAt = Date().addingTimeInterval(Double(settings.exportLinkLifetime.components.seconds))
            _ = try await exports.complete(command.exportID, document: document, expiresAt: expiresAt, link: { expiry in
                let token = signer.exportToken(exportID: command.exportID, expiresAt: expiry)
                return "\(settings.appBaseURL)/privacy/exports/\(command.exportID.uuidString.lowercased())?token=\(token)"
            }, traceparent: context.traceparent, on: connection)
        }
        context.logger.info("data export ready", metadata: ["export_id": "\(command.exportID)"])
    }
}
