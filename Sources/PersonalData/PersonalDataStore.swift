import Foundation
import PostgresClient

/// A module's personal data about users, registered with the privacy registry: what it holds
/// (`columns`, checked against the database schema by a test), how it exports it and how it
/// erases it.
///
/// Both operations run inside a transaction the privacy worker opens: an export reads a
/// consistent snapshot; an erasure commits together with its ledger row, so an interrupted
/// erasure resumes at the first store without one and never runs a store twice.
public protocol PersonalDataStore: Sendable {
    /// Stable and unique: the ledger, the receipt and the export document use it.
    var name: String { get }
    /// Raised whenever the erasure policy changes; recorded in the ledger and the receipt.
    var version: Int { get }
    /// Every column of this store that refers to a user or holds their personal data, with
    /// what erasure does to it.
    var columns: [PersonalColumn] { get }

    /// The subject's data, as named JSON parts. Never secrets (password hashes, TOTP secrets,
    /// token hashes) and never another user's personal data.
    func export(_ userID: UUID, on connection: PostgresConnection) async throws -> [ExportPart]

    /// Deletes or anonymises the subject's data per `columns`' policies.
    /// - Returns: how many rows changed (0 when run again: erasing twice changes nothing).
    func erase(_ subject: ErasureSubject, on connection: PostgresConnection) async throws -> Int
}
