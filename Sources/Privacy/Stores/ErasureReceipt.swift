import Foundation
import PostgresClient

/// The signed account of one erasure: which stores were processed, when, at which version.
/// `document` is the exact JSON text that was signed (sorted keys), so anyone holding the key
/// can check `signature` against it.
public struct ErasureReceipt: Sendable, Equatable {
    public var userID: UUID
    public var requestID: UUID
    public var document: String
    public var signature: String
    public var createdAt: Date

    init(row: PostgresRow) throws {
        userID = try row.decode(UUID.self, column: "user_id")
        requestID = try row.decode(UUID.self, column: "request_id")
        document = try row.decode(String.self, column: "receipt_text")
        signature = try row.decode(String.self, column: "signature")
        createdAt = try row.decode(Date.self, column: "created_at")
    }

    static let columns: PostgresQuery = "user_id, request_id, receipt AS receipt_text, signature, created_at"

    /// The receipt of a user's erasure, if it finished.
    public static func of(userID: UUID, on connection: some PostgresQueryable) async throws -> ErasureReceipt? {
        try await connection.query("""
            SELECT \(fragment: columns) FROM privacy.erasure_receipts WHERE user_id = \(userID)
            """).first.map(ErasureReceipt.init(row:))
    }
}
