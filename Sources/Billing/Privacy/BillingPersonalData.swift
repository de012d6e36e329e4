import Foundation
import PersonalData
import PostgresClient

/// Billing's personal data: payments, subscriptions and course entitlements.
///
/// Payments and subscriptions are kept for accounting (legal retention): after erasure they
/// belong to the anonymous account, which identifies no one. Entitlements, which only grant
/// access to the erased account, are deleted.
public struct BillingPersonalData: PersonalDataStore {
    public let name = "billing"
    public let version = 1

    public init() {}

    public var columns: [PersonalColumn] {
        [
            PersonalColumn("billing.transactions", "user_id", .keep("accounting records, detached from the person")),
            PersonalColumn("billing.subscriptions", "user_id", .keep("accounting records, detached from the person")),
            PersonalColumn("billing.entitlements", "user_id", .delete),
        ]
    }

    public func export(_ userID: UUID, on connection: PostgresConnection) async throws -> [ExportPart] {
        [
            try await ExportPart.rows("transactions", """
                SELECT id, course_id, amount, currency, status, payment_method, failure_reason, refund_requested_at,
                       created_at, completed_at, refunded_at
                FROM billing.transactions WHERE user_id = \(userID) ORDER BY created_at
                """, on: connection),
            try await ExportPart.rows("subscriptions", """
                SELECT id, plan, status, amount_per_month, currency, renewal_date, cancelled_date, created_at, updated_at
                FROM billing.subscriptions WHERE user_id = \(userID) ORDER BY created_at
                """, on: connection),
            try await ExportPart.rows("entitlements", """
                SELECT course_id, transaction_id, granted_at FROM billing.entitlements WHERE user_id = \(userID) ORDER BY granted_at
                """, on: connection),
        ]
    }

    public func erase(_ subject: ErasureSubject, on connection: PostgresConnection) async throws -> Int {
        try await connection.execute("DELETE FROM billing.entitlements WHERE user_id = \(subject.userID)")
    }
}
