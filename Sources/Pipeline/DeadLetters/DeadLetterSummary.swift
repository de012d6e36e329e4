import Foundation
import PostgresClient

/// One indexed dead letter as operators see it (`relais dlq list`): where it came from, why it
/// was given up and whether it was replayed or discarded. Deliberately without the payload, which
/// may hold personal data.
public struct DeadLetterSummary: Sendable, Hashable {
    public let id: UUID
    public let consumerGroup: String
    public let sourceTopic: String
    public let sourcePartition: Int32
    public let sourceOffset: Int64
    public let deadLetterTopic: String
    public let commandID: UUID
    public let commandType: String
    /// The ordering key (an entity id such as a user id, never an email).
    public let key: String
    public let attempts: Int
    public let errorCode: String
    /// The handler's safe message (no personal data by the `HandlerFailure` contract).
    public let errorMessage: String
    public let firstFailureAt: Date
    public let lastFailureAt: Date
    public let createdAt: Date
    public let replayedAt: Date?
    public let discardedAt: Date?

    /// Neither replayed nor discarded: it still blocks its key on an `ordering: strict` topic.
    public var isOpen: Bool { replayedAt == nil && discardedAt == nil }

    /// The columns `init(row:)` reads, for the store's SELECTs.
    static let columns: PostgresQuery = """
        id, consumer_group, source_topic, source_partition, source_offset, dead_letter_topic, command_id,
        command_type, message_key, attempts, error_code, error_message, first_failure_at, last_failure_at,
        created_at, replayed_at, discarded_at
        """
}

extension DeadLetterSummary {
    init(row: PostgresRow) throws {
        id = try row.decode(UUID.self, column: "id")
        consumerGroup = try row.decode(String.self, column: "consumer_group")
        sourceTopic = try row.decode(String.self, column: "source_topic")
        sourcePartition = try row.decode(Int32.self, column: "source_partition")
        sourceOffset = try row.decode(Int64.self, column: "source_offset")
        deadLetterTopic = try row.decode(String.self, column: "dead_letter_topic")
        commandID = try row.decode(UUID.self, column: "command_id")
        commandType = try row.decode(String.self, column: "command_type")
        key = try row.decode(String.self, column: "message_key")
        attempts = try row.decode(Int.self, column: "attempts")
        errorCode = try row.decode(String.self, column: "error_code")
        errorMessage = try row.decode(String.self, column: "error_message")
        firstFailureAt = try row.decode(Date.self, column: "first_failure_at")
        lastFailureAt = try row.decode(Date.self, column: "last_failure_at")
        createdAt = try row.decode(Date.self, column: "created_at")
        replayedAt = try row.decode(Date?.self, column: "replayed_at")
        discardedAt = try row.decode(Date?.self, column: "discarded_at")
    }
}
