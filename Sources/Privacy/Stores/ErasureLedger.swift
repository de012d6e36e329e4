import Foundation
import PostgresClient

/// `privacy.erasure_ledger`: one row per (erased user, store), written in the transaction of
/// that store's erasure. The rows present tell an interrupted erasure where to resume.
public struct ErasureLedger: Sendable {
    /// One store's part of an erasure.
    public struct Entry: Sendable, Codable, Equatable {
        public var store: String
        public var storeVersion: Int
        public var outcome: String
        public var rowsAffected: Int
        public var processedAt: Date
    }

    let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    /// The stores already processed for the user, in the order they were processed.
    public static func entries(userID: UUID, on connection: some PostgresQueryable) async throws -> [Entry] {
        try await connection.query("""
            SELECT store, store_version, outcome, rows_affected, processed_at FROM privacy.erasure_ledger
            WHERE user_id = \(userID) ORDER BY processed_at, store
            """).map { row in
            Entry(store: try row.decode(String.self, column: "store"), storeVersion: try row.decode(Int.self, column: "store_version"),
                  outcome: try row.decode(String.self, column: "outcome"), rowsAffected: Int(try row.decode(Int64.self, column: "rows_affected")),
                  processedAt: try row.decode(Date.self, column: "processed_at"))
        }
    }

    public func entries(userID: UUID) async throws -> [Entry] {
        try await Self.entries(userID: userID, on: postgres)
    }

    /// Records a processed store. - Returns: false when it was already recorded (a concurrent
    /// or earlier run got there first; the caller's transaction must then roll back).
    public static func record(userID: UUID, store: String, version: Int, outcome: String, rowsAffected: Int,
                              on connection: some PostgresQueryable) async throws -> Bool {
        try await connection.execute("""
            INSERT INTO privacy.erasure_ledger (user_id, store, store_version, outcome, rows_affected)
            VALUES (\(userID), \(store), \(version), \(outcome), \(Int64(rowsAffected)))
            ON CONFLICT DO NOTHING
            """) == 1
    }
}
