import Foundation
import PersonalData
import PostgresClient
import Synchronization

/// A store whose first erasure fails after writing, as a crash in the middle of an erasure would:
/// the transaction rolls back and the run stops there.
final class OnceFailingStore: PersonalDataStore {
    struct Crash: Error {}

    let name = "crash-once"
    let version = 1
    let columns: [PersonalColumn] = []
    private let failed = Mutex(false)

    func export(_ userID: UUID, on connection: PostgresConnection) async throws -> [ExportPart] { [] }

    func erase(_ subject: ErasureSubject, on connection: PostgresConnection) async throws -> Int {
        let first = failed.withLock { failed in
            defer { failed = true }
            return !failed
        }
        if first { throw Crash() }
        return 0
    }
}
