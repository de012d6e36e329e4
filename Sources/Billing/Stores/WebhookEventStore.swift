import Foundation
import PostgresClient

/// `billing.webhook_events` (every event received, the dedupe key) and `billing.webhook_objects`
/// (the ordering guard). The worker claims and settles events inside its effects transaction;
/// admins list and replay them.
public struct WebhookEventStore: Sendable {
    private let postgres: PostgresClient

    public init(postgres: PostgresClient) {
        self.postgres = postgres
    }

    // MARK: Admin

    /// Newest received first; `before` is the `received_at` of the last row of the previous page.
    public func list(type: String?, status: WebhookEventStatus?, before: Date?, limit: Int) async throws -> [WebhookEventRecord] {
        try await postgres.query("""
            SELECT \(fragment: WebhookEventRecord.columns) FROM billing.webhook_events
            WHERE (\(type)::text IS NULL OR type = \(type)) AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
              AND (\(before)::timestamptz IS NULL OR received_at < \(before))
            ORDER BY received_at DESC, id LIMIT \(limit)
            """).map(WebhookEventRecord.init(row:))
    }

    /// One event with the body Relais received.
    public func event(id: String) async throws -> (record: WebhookEventRecord, payload: PostgresRawJSON)? {
        guard let row = try await postgres.query("""
            SELECT \(fragment: WebhookEventRecord.columns), payload FROM billing.webhook_events WHERE id = \(id)
            """).first else { return nil }
        return (try WebhookEventRecord(row: row), try row.decode(PostgresRawJSON.self, column: "payload"))
    }

    // MARK: Worker (inside the event's transaction)

    /// Records the event if new, else counts the delivery, and locks its row until the
    /// transaction ends (a concurrent delivery of the same event waits, then sees the outcome).
    /// - Returns: the status before this delivery (`received` for a new event).
    public static func claim(_ head: StripeEventHead, payload: [UInt8], on connection: some PostgresQueryable) async throws -> WebhookEventStatus {
        let rows = try await connection.query("""
            INSERT INTO billing.webhook_events (id, type, object_id, created, payload, attempts)
            VALUES (\(head.id), \(head.type), \(head.objectID), \(head.createdDate), \(PostgresRawJSON(bytes: payload)), 1)
            ON CONFLICT (id) DO UPDATE SET attempts = billing.webhook_events.attempts + 1
            RETURNING status
            """)
        return WebhookEventStatus(rawValue: try rows.first?.decode(String.self, column: "status") ?? "received") ?? .received
    }

    /// The event's outcome; `processed` also moves the object's clock to this event.
    public static func settle(_ head: StripeEventHead, status: WebhookEventStatus, note: String? = nil,
                              on connection: some PostgresQueryable) async throws {
        try await connection.execute("""
            UPDATE billing.webhook_events SET status = \(status.rawValue), error = \(note), processed_at = now() WHERE id = \(head.id)
            """)
        guard status == .processed else { return }
        try await connection.execute("""
            INSERT INTO billing.webhook_objects (object_id, last_created, last_event_id) VALUES (\(head.objectID), \(head.createdDate), \(head.id))
            ON CONFLICT (object_id) DO UPDATE SET last_created = excluded.last_created, last_event_id = excluded.last_event_id
            WHERE excluded.last_created >= billing.webhook_objects.last_created
            """)
    }

    /// Whether an event applied earlier to the same object was created after this one.
    public static func isStale(_ head: StripeEventHead, on connection: some PostgresQueryable) async throws -> Bool {
        !(try await connection.query("""
            SELECT 1 AS newer FROM billing.webhook_objects WHERE object_id = \(head.objectID) AND last_created > \(head.createdDate)
            """)).isEmpty
    }

    /// Records a failed attempt outside the rolled-back transaction, so admins see why.
    public func recordFailure(_ head: StripeEventHead, payload: [UInt8], code: String) async throws {
        try await postgres.execute("""
            INSERT INTO billing.webhook_events (id, type, object_id, created, payload, status, error, attempts)
            VALUES (\(head.id), \(head.type), \(head.objectID), \(head.createdDate), \(PostgresRawJSON(bytes: payload)), 'failed', \(code), 1)
            ON CONFLICT (id) DO UPDATE SET status = 'failed', error = excluded.error, attempts = billing.webhook_events.attempts + 1
            WHERE billing.webhook_events.status NOT IN ('processed', 'stale')
            """)
    }
}
