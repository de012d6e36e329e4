import Foundation
import Pipeline
import PostgresClient
import Privacy

/// Handles the daily `SweepDeletionRequests`: emits `EraseUser` for every request past its
/// deletion date and forgets expired export documents. Each due request is emitted once
/// (stamped in the same transaction), so a repeated sweep changes nothing.
public struct SweepDeletionRequestsHandler: CommandHandler {
    let postgres: PostgresClient
    let deletions: DeletionRequestStore
    let exports: ExportStore

    public init(postgres: PostgresClient) {
        self.postgres = postgres
        deletions = DeletionRequestStore(postgres: postgres)
        exports = ExportStore(postgres: postgres)
    }

    public func handle(_ command: SweepDeletionRequests, context: HandlerContext) async throws {
        var emitted = 0
        while true {
            let batch = try await deletions.emitDueErasures(limit: 500, traceparent: context.traceparent)
            emitted += batch
            if batch < 500 { break }
        }
        let purged = try await exports.purgeExpired(on: postgres)
        context.logger.info("deletion sweep done", metadata: ["erasures_emitted": "\(emitted)", "exports_expired": "\(purged)"])
    }
}
