import Foundation
import PostgresClient

/// `billing.transactions` and `billing.entitlements` for purchases. Route methods use the pool;
/// the webhook worker's effects take the connection of its event transaction.
public struct TransactionStore: Sendable {
    private let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    /// A course's price and whether it is on sale; nil when there is no such course.
    public func offer(courseID: UUID) async throws -> CourseOffer? {
        let rows = try await postgres.query("""
            SELECT id, title, price_amount, currency, status FROM academy.courses WHERE id = \(courseID)
            """)
        return try rows.first.map { row in
            CourseOffer(id: try row.decode(UUID.self, column: "id"), title: try row.decode(String.self, column: "title"),
                        price: try row.decode(Int64.self, column: "price_amount"),
                        currency: try row.decode(String.self, column: "currency"),
                        published: try row.decode(String.self, column: "status") == "published")
        }
    }

    public func owns(userID: UUID, courseID: UUID) async throws -> Bool {
        !(try await postgres.query("""
            SELECT 1 AS owned FROM billing.entitlements WHERE user_id = \(userID) AND course_id = \(courseID)
            """)).isEmpty
    }

    /// Starts a purchase, or returns the one already pending for this learner and course (a
    /// retried request resumes it rather than charging twice).
    /// - Returns: the pending transaction and whether this call created it; nil in the rare race
    ///   where the pending one settled between the two halves of the statement.
    public func startPurchase(id: UUID, userID: UUID, offer: CourseOffer, method: PaymentMethod) async throws -> (PaymentTransaction, created: Bool)? {
        let rows = try await postgres.query("""
            WITH inserted AS (
                INSERT INTO billing.transactions (id, user_id, course_id, amount, currency, status, payment_method)
                VALUES (\(id), \(userID), \(offer.id), \(offer.price), \(offer.currency), 'pending', \(method.rawValue))
                ON CONFLICT (user_id, course_id) WHERE status = 'pending' DO NOTHING
                RETURNING \(fragment: PaymentTransaction.columns), true AS created
            )
            SELECT * FROM inserted
            UNION ALL
            SELECT \(fragment: PaymentTransaction.columns), false AS created FROM billing.transactions
            WHERE user_id = \(userID) AND course_id = \(offer.id) AND status = 'pending'
            LIMIT 1
            """)
        guard let row = rows.first else { return nil }
        return (try PaymentTransaction(row: row), try row.decode(Bool.self, column: "created"))
    }

    /// Records the provider's payment intent on a pending purchase.
    public func attach(intentID: String, to id: UUID) async throws -> PaymentTransaction? {
        try await postgres.query("""
            UPDATE billing.transactions SET stripe_payment_intent_id = \(intentID)
            WHERE id = \(id) AND stripe_payment_intent_id IS NULL
            RETURNING \(fragment: PaymentTransaction.columns)
            """).first.map(PaymentTransaction.init(row:))
    }

    /// Removes a pending purchase the provider never accepted, so nothing is half-done.
    public func discard(id: UUID) async throws {
        try await postgres.execute("DELETE FROM billing.transactions WHERE id = \(id) AND status = 'pending' AND stripe_payment_intent_id IS NULL")
    }

    /// A free course: completed and granted at once, in one transaction.
    public func completeFree(id: UUID, userID: UUID, offer: CourseOffer) async throws -> PaymentTransaction {
        try await postgres.withTransaction { connection in
            let rows = try await connection.query("""
                INSERT INTO billing.transactions (id, user_id, course_id, amount, currency, status, payment_method, completed_at)
                VALUES (\(id), \(userID), \(offer.id), 0, \(offer.currency), 'completed', 'free', now())
                RETURNING \(fragment: PaymentTransaction.columns)
                """)
            guard let row = rows.first else { throw PostgresError(code: .invalidQuery) }
            let transaction = try PaymentTransaction(row: row)
            try await Self.grant(transaction, on: connection)
            return transaction
        }
    }

    public func transactions(userID: UUID, limit: Int = 200) async throws -> [PaymentTransaction] {
        try await postgres.query("""
            SELECT \(fragment: PaymentTransaction.columns) FROM billing.transactions WHERE user_id = \(userID)
            ORDER BY created_at DESC, id DESC LIMIT \(limit)
            """).map(PaymentTransaction.init(row:))
    }

    public func transaction(id: UUID) async throws -> PaymentTransaction? {
        try await postgres.query("""
            SELECT \(fragment: PaymentTransaction.columns) FROM billing.transactions WHERE id = \(id)
            """).first.map(PaymentTransaction.init(row:))
    }

    /// Marks a refund as asked of the provider; nil when the transaction is no longer refundable
    /// (another request got there first).
    public func markRefundRequested(id: UUID, refundID: String) async throws -> PaymentTransaction? {
        try await postgres.query("""
            UPDATE billing.transactions SET refund_requested_at = now(), refund_id = \(refundID)
            WHERE id = \(id) AND status = 'completed' AND refund_requested_at IS NULL
            RETURNING \(fragment: PaymentTransaction.columns)
            """).first.map(PaymentTransaction.init(row:))
    }

    // MARK: Webhook effects (inside the event's transaction)

    /// A purchase an event is about, with its buyer's contact (nil once the account is deleted)
    /// for the emails and notifications the event sends.
    public struct EventPurchase: Sendable {
        public let transaction: PaymentTransaction
        public let buyer: CustomerStore.Contact?
    }

    /// The purchase an event is about: by the transaction id Relais put in the intent's metadata,
    /// else by the intent id. Locked until the event's transaction ends. The buyer comes in the
    /// same round trip: the worker applies hundreds of events a second, each on one connection.
    public static func forEvent(transactionID: String?, intentID: String?, on connection: some PostgresQueryable) async throws -> EventPurchase? {
        if let text = transactionID, let id = UUID(uuidString: text),
           let found = try await connection.query(eventPurchase(where: "billing.transactions.id = \(id)")).first {
            return try EventPurchase(transaction: PaymentTransaction(row: found), buyer: CustomerStore.contact(row: found))
        }
        guard let intentID else { return nil }
        return try await connection.query(eventPurchase(where: "stripe_payment_intent_id = \(intentID)")).first.map { row in
            try EventPurchase(transaction: PaymentTransaction(row: row), buyer: CustomerStore.contact(row: row))
        }
    }

    private static func eventPurchase(where condition: PostgresQuery) -> PostgresQuery {
        """
        SELECT \(fragment: PaymentTransaction.columns), \(fragment: CustomerStore.contactColumns) FROM billing.transactions
        LEFT JOIN LATERAL (SELECT email, first_name, language FROM identity.users
                           WHERE users.id = transactions.user_id AND users.status <> 'deleted') AS buyer ON true
        LEFT JOIN LATERAL (SELECT title FROM academy.courses WHERE courses.id = transactions.course_id) AS course ON true
        WHERE \(fragment: condition) FOR UPDATE OF transactions
        """
    }

    /// completed + entitlement, in one round trip.
    public static func complete(_ transaction: PaymentTransaction, intentID: String?, on connection: some PostgresQueryable) async throws {
        try await connection.execute("""
            WITH completed AS (
                UPDATE billing.transactions
                SET status = 'completed', completed_at = now(), failure_reason = NULL,
                    stripe_payment_intent_id = COALESCE(stripe_payment_intent_id, \(intentID))
                WHERE id = \(transaction.id)
                RETURNING id, user_id, course_id
            )
            INSERT INTO billing.entitlements (user_id, course_id, transaction_id) SELECT user_id, course_id, id FROM completed
            ON CONFLICT (user_id, course_id) DO UPDATE SET transaction_id = excluded.transaction_id, granted_at = now()
            """)
    }

    /// failed (with the provider's reason) and no entitlement.
    public static func fail(_ transaction: PaymentTransaction, reason: String?, on connection: some PostgresQueryable) async throws {
        try await connection.execute("""
            WITH failed AS (
                UPDATE billing.transactions SET status = 'failed', failure_reason = \(reason), completed_at = NULL
                WHERE id = \(transaction.id) RETURNING id, user_id, course_id
            )
            DELETE FROM billing.entitlements e USING failed
            WHERE e.user_id = failed.user_id AND e.course_id = failed.course_id AND e.transaction_id = failed.id
            """)
    }

    /// refunded and no entitlement.
    public static func refund(_ transaction: PaymentTransaction, on connection: some PostgresQueryable) async throws {
        try await connection.execute("""
            WITH refunded AS (
                UPDATE billing.transactions SET status = 'refunded', refunded_at = now()
                WHERE id = \(transaction.id) RETURNING id, user_id, course_id
            )
            DELETE FROM billing.entitlements e USING refunded
            WHERE e.user_id = refunded.user_id AND e.course_id = refunded.course_id AND e.transaction_id = refunded.id
            """)
    }

    static func grant(_ transaction: PaymentTransaction, on connection: some PostgresQueryable) async throws {
        try await connection.execute("""
            INSERT INTO billing.entitlements (user_id, course_id, transaction_id) VALUES (\(transaction.userID), \(transaction.courseID), \(transaction.id))
            ON CONFLICT (user_id, course_id) DO UPDATE SET transaction_id = excluded.transaction_id, granted_at = now()
            """)
    }
}
