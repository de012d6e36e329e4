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

    /// What `claim` found: the event's status before this delivery, and whether an event created
    /// after it was already applied to the same object.
    public struct Claim: Sendable {
        public let previous: WebhookEventStatus
        public let stale: Bool
    }

    /// Records the event if new, else counts the delivery, and locks its row until the
    /// transaction ends (a concurrent delivery of the same event waits, then sees the outcome).
    /// Reads the ordering guard in the same round trip.
    public static func claim(_ head: StripeEventHead, payload: [UInt8], on connection: some PostgresQueryable) async throws -> Claim {
        let rows = try await connection.query("""
            WITH claimed AS (
                INSERT INTO billing.webhook_events (id, type, object_id, created, payload, attempts)
                VALUES (\(head.id), \(head.type), \(head.objectID), \(head.createdDate), \(PostgresRawJSON(bytes: payload)), 1)
                ON CONFLICT (id) DO UPDATE SET attempts = billing.webhook_events.attempts + 1
                RETURNING status
            )
            SELECT (SELECT status FROM claimed) AS status,
                   EXISTS (SELECT 1 FROM billing.webhook_objects
                           WHERE object_id = \(head.objectID) AND last_created > \(head.createdDate)) AS stale
            """)
        let status = try rows.first?.decode(String?.self, column: "status") ?? nil
        return Claim(previous: status.flatMap(WebhookEventStatus.init(rawValue:)) ?? .received,
                     stale: try rows.first?.decode(Bool.self, column: "stale") ?? false)
    }

    /// The event's outcome; `processed` also moves the object's clock to this event.
    public static func settle(_ head: StripeEventHead, status: WebhookEventStatus, note: String? = nil,
                              on connection: some PostgresQueryable) async throws {
        try await connection.execute("""
            WITH settled AS (
                UPDATE billing.webhook_events SET status = \(status.rawValue), error = \(note), processed_at = now()
                WHERE id = \(head.id) RETURNING status
            )
            INSERT INTO billing.webhook_objects (object_id, last_created, last_event_id)
            SELECT \(head.objectID), \(head.createdDate), \(head.id) FROM settled WHERE settled.status = 'processed'
            ON CONFLICT (object_id) DO UPDATE SET last_created = excluded.last_created, last_event_id = excluded.last_event_id
            WHERE excluded.last_created >= billing.webhook_objects.last_created
            """)
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
