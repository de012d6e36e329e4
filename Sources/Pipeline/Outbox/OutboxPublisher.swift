import Foundation
import KafkaClient
import Logging
import Metrics
import Platform
import PostgresClient
import ServiceLifecycle

/// Ships committed outbox rows to Kafka, in `seq` order, and stamps them published.
///
/// Woken by LISTEN/NOTIFY on `Outbox.channel` and, as a safety net for a missed notification
/// (listener reconnecting, publisher started after the commit), by a periodic poll. Exactly one
/// publisher ships at a time across all processes: each batch runs under a transaction-scoped
/// advisory lock, so per-key order is kept when several ingress replicas run one.
///
/// Delivery is at-least-once: if the process dies after Kafka acknowledged a batch but before the
/// stamp commits, the batch is sent again with the same command ids, which consumers' inboxes
/// deduplicate.
public final class OutboxPublisher: Service, Sendable {
    private let postgres: PostgresClient
    private let producer: KafkaProducer
    private let logger: Logger
    private let batchSize: Int
    private let pollInterval: Duration
    private let keepPublished: Duration

    /// The advisory lock a publisher takes for each batch. Holding it (session-level) pauses
    /// shipping in every process — what a test does to observe a pending row.
    public static let lockKey: Int64 = 0x5245_4c41_4953_0002

    public init(postgres: PostgresClient, producer: KafkaProducer, logger: Logger, batchSize: Int = 500,
                pollInterval: Duration = .seconds(2), keepPublished: Duration = .seconds(7 * 86_400)) {
        self.postgres = postgres
        self.producer = producer
        self.logger = logger
        self.batchSize = batchSize
        self.pollInterval = pollInterval
        self.keepPublished = keepPublished
    }

    public func run() async throws {
        // One signal stream fed by notifications and a ticker; bufferingNewest(1) coalesces a
        // burst of commits into a single drain.
        let (signals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let notifications = postgres.listen(Outbox.channel)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in notifications { signal.yield() }
            }
            group.addTask { [pollInterval] in
                while !Task.isCancelled {
                    signal.yield()
                    try? await Task.sleep(for: pollInterval)
                }
            }
            await withGracefulShutdownHandler {
                var lastCleanup = ContinuousClock.now
                for await _ in signals {
                    do {
                        try await drain()
                        if ContinuousClock.now - lastCleanup > .seconds(3_600) {
                            try await removePublished()
                            lastCleanup = .now
                        }
                    } catch {
                        logger.error("outbox shipping failed; will retry", metadata: ["error": "\(error)"])
                    }
                }
            } onGracefulShutdown: {
                signal.finish()
            }
            notifications.cancel()
            group.cancelAll()
        }
    }

    /// Ships every pending row; returns how many were acknowledged by Kafka.
    @discardableResult
    public func drain() async throws -> Int {
        var total = 0
        while true {
            let shipped = try await shipBatch()
            total += shipped
            if shipped < batchSize { return total }
        }
    }

    private func shipBatch() async throws -> Int {
        try await postgres.withTransaction { connection in
            let locked = try await connection.query("SELECT pg_try_advisory_xact_lock(\(Self.lockKey)) AS locked")
            guard try locked.first?.decode(Bool.self, column: "locked") == true else { return 0 }
            let rows = try await connection.query("""
                SELECT seq, command_id, topic, message_key, command_type, version, actor, traceparent, issued_at, payload
                FROM pipeline.outbox WHERE published_at IS NULL ORDER BY seq LIMIT \(batchSize)
                """)
            guard !rows.isEmpty else { return 0 }
            var sequences: [Int64] = []
            var messages: [KafkaOutgoingMessage] = []
            for row in rows {
                let envelope = try CommandEnvelope(row: row)
                sequences.append(try row.decode(Int64.self, column: "seq"))
                messages.append(envelope.message(topic: TopicName(try row.decode(String.self, column: "topic"))))
            }
            // sendBatch enqueues in order, so the idempotent producer keeps per-partition order.
            let results = try await producer.sendBatch(messages)
            let shipped = zip(sequences, results).compactMap { sequence, result -> Int64? in
                if case .success = result { return sequence }
                return nil
            }
            if !shipped.isEmpty {
                try await connection.execute("UPDATE pipeline.outbox SET published_at = now() WHERE seq = ANY(\(shipped))")
            }
            Counter(label: "relais_outbox_shipped_total").increment(by: shipped.count)
            if shipped.count < messages.count {
                Counter(label: "relais_outbox_ship_failures_total").increment(by: messages.count - shipped.count)
                throw PipelineError(code: .brokerUnavailable,
                                    description: "\(messages.count - shipped.count) outbox commands were not acknowledged")
            }
            return shipped.count
        }
    }

    private func removePublished() async throws {
        let cutoff = Date.now.addingTimeInterval(-Double(keepPublished.components.seconds))
        try await postgres.execute("DELETE FROM pipeline.outbox WHERE published_at < \(cutoff)")
    }
}
