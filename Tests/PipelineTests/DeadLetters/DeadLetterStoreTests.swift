import Foundation
import KafkaClient
import Logging
@testable import Pipeline
import PostgresClient
import Synchronization
import Testing
import TestSupport

/// `DeadLetterStore` against the real database and broker: listing, replay through the outbox,
/// un-parking of strict keys, discard.
@Suite("Dead-letter store")
struct DeadLetterStoreTests {
    @Test("list shows the open dead letters of a topic, newest first, filtered by time")
    func listFilters() async throws {
        let world = try await DeadLetterWorld()
        let old = try await world.deadLetter(try world.envelope(key: "k-old"))
        let middle = try await world.deadLetter(try world.envelope(key: "k-middle"))
        let newest = try await world.deadLetter(try world.envelope(key: "k-new", attempt: 3), code: "bad_visit")
        let elsewhere = try await world.deadLetter(try world.envelope(key: "k-other"), topic: world.otherTopic)
        try await world.postgres.execute("UPDATE pipeline.dead_letters SET created_at = now() - interval '3 days' WHERE id = \(old)")
        try await world.postgres.execute("UPDATE pipeline.dead_letters SET created_at = now() - interval '1 hour' WHERE id = \(middle)")

        #expect(try await world.store.list(topic: world.topic).map(\.id) == [newest, middle, old])
        #expect(try await world.store.list(topic: world.topic, since: Date.now.addingTimeInterval(-86_400)).map(\.id) == [newest, middle])
        #expect(try await world.store.list(topic: world.topic, limit: 1).map(\.id) == [newest])
        #expect(try await world.store.list(topic: world.otherTopic).map(\.id) == [elsewhere])

        let summary = try #require(try await world.store.list(topic: world.topic).first)
        #expect(summary.consumerGroup == world.group)
        #expect(summary.key == "k-new")
        #expect(summary.attempts == 3)
        #expect(summary.errorCode == "bad_visit")
        #expect(summary.sourcePartition == 0 && summary.sourceOffset == 7)
        #expect(summary.deadLetterTopic == "\(world.topic).dlq")
        #expect(summary.isOpen)

        _ = try await world.store.discard(ids: [middle])
        #expect(try await world.store.list(topic: world.topic).map(\.id) == [newest, old])
        #expect(try await world.store.list(topic: world.topic, includeClosed: true).map(\.id) == [newest, middle, old])
        await world.close()
    }

    @Test("a replay enqueues the original command once in the outbox, as attempt 1 with its headers, and stamps replayed_at")
    func replayEnqueuesOnce() async throws {
        let world = try await DeadLetterWorld()
        let original = try world.envelope(key: "k-replay", attempt: 3)
        let id = try await world.deadLetter(original)
        let steps = Steps()

        let report = try await world.store.replay(ids: [id]) { done, total in steps.add(done, total) }

        #expect(report.ids(.replayed) == [id])
        #expect(steps.all.last.map { [$0.0, $0.1] } == [1, 1])
        let rows = try await world.outbox(original.id)
        try #require(rows.count == 1)
        let row = rows[0]
        #expect(row.topic == world.topic)
        #expect(row.key == original.key)
        #expect(row.type == original.type && row.version == original.version)
        #expect(row.actor == original.actor)
        #expect(row.traceparent == original.traceparent?.description)
        #expect(abs(row.issuedAt.timeIntervalSince(original.issuedAt)) < 0.001)
        #expect(row.payload == original.payload)
        #expect(try await world.summary(id).replayedAt != nil)

        // Whoever ships it (this drain or a publisher of another suite), Kafka gets attempt 1.
        try await world.drain()
        let idHeader = Array(original.id.uuidString.lowercased().utf8)
        let messages = try await KafkaTestConsumer.read(topic: world.topic) { $0.contains { $0.header(CommandHeader.id) == idHeader } }
        let shipped = try #require(messages.first { $0.header(CommandHeader.id) == idHeader })
        #expect(shipped.header(CommandHeader.attempt) == Array("1".utf8))
        #expect(shipped.key == Array(original.key.utf8))
        #expect(shipped.header(CommandHeader.traceparent) == original.traceparent.map { Array($0.description.utf8) })
        #expect(try CommandEnvelope(message: shipped).payload == original.payload)
        await world.close()
    }

    @Test("replaying a dead letter a second time is a no-op reported as already closed")
    func replayTwiceIsNoOp() async throws {
        let world = try await DeadLetterWorld()
        let original = try world.envelope(key: "k-twice")
        let id = try await world.deadLetter(original)
        _ = try await world.store.replay(ids: [id])
        let stamped = try await world.summary(id).replayedAt

        let again = try await world.store.replay(ids: [id, id])

        #expect(again.entries.map(\.outcome) == [.alreadyClosed])
        #expect(try await world.outbox(original.id).count == 1)
        #expect(try await world.summary(id).replayedAt == stamped)
        #expect(try await world.store.discard(ids: [id]).ids(.alreadyClosed) == [id])
        #expect(try await world.summary(id).discardedAt == nil)
        try await world.drain()
        await world.close()
    }

    @Test("a command already shipped through the outbox is replayed with its original id")
    func replayAfterOutbox() async throws {
        let world = try await DeadLetterWorld()
        let original = try world.envelope(key: "k-outbox")
        try await world.postgres.withTransaction { try await Outbox.enqueue(original, topic: TopicName(world.topic), on: $0) }
        try await world.drain()
        let first = try #require(try await world.outbox(original.id).first)
        let id = try await world.deadLetter(original)

        #expect(try await world.store.replay(ids: [id]).ids(.replayed) == [id])

        let rows = try await world.outbox(original.id)
        #expect(rows.count == 1)
        #expect(rows.first.map { $0.seq > first.seq } == true, "the replay is a new outbox row, shipped after what is pending")
        try await world.drain()
        await world.close()
    }

    @Test("a replay re-drives the commands parked behind the key right after it, in order, and removes them")
    func replayUnparks() async throws {
        let world = try await DeadLetterWorld()
        let poison = try world.envelope(key: "k-strict")
        let id = try await world.deadLetter(poison)
        let later = try (1...3).map { try world.envelope(key: "k-strict", page: "/later-\($0)") }
        for envelope in later { #expect(try await world.park(envelope, behind: id)) }
        // Another key's dead letter and parked command are not touched.
        let otherID = try await world.deadLetter(try world.envelope(key: "k-strict-other"))
        let otherParked = try world.envelope(key: "k-strict-other")
        #expect(try await world.park(otherParked, behind: otherID))

        let report = try await world.store.replay(ids: [id])

        #expect(report.parkedRedriven == 3)
        var sequences: [Int64] = []
        for envelope in [poison] + later {
            let rows = try await world.outbox(envelope.id)
            try #require(rows.count == 1)
            #expect(rows[0].key == "k-strict" && rows[0].topic == world.topic)
            sequences.append(rows[0].seq)
        }
        #expect(sequences == sequences.sorted(), "the dead letter first, then the parked commands in their order")
        #expect(try await world.parkedCount(behind: id) == 0)
        #expect(try await world.parkedCount(behind: otherID) == 1)
        #expect(try await world.outbox(otherParked.id).isEmpty)
        // The runtime re-checks the database and no longer parks this key.
        #expect(try await world.park(try world.envelope(key: "k-strict"), behind: id) == false)
        try await world.drain()
        await world.close()
    }

    @Test("a discard stamps discarded_at and re-drives the parked commands, but not the dead letter")
    func discardUnparks() async throws {
        let world = try await DeadLetterWorld()
        let poison = try world.envelope(key: "k-discard")
        let id = try await world.deadLetter(poison)
        let later = try (1...2).map { try world.envelope(key: "k-discard", page: "/later-\($0)") }
        for envelope in later { #expect(try await world.park(envelope, behind: id)) }

        let report = try await world.store.discard(ids: [id])

        #expect(report.ids(.discarded) == [id])
        #expect(report.parkedRedriven == 2)
        let summary = try await world.summary(id)
        #expect(summary.discardedAt != nil && summary.replayedAt == nil)
        #expect(try await world.outbox(poison.id).isEmpty)
        let first = try #require(try await world.outbox(later[0].id).first)
        let second = try #require(try await world.outbox(later[1].id).first)
        #expect(first.seq < second.seq)
        #expect(try await world.parkedCount(behind: id) == 0)
        #expect(try await world.store.replay(ids: [id]).ids(.alreadyClosed) == [id])
        try await world.drain()
        await world.close()
    }

    @Test("replayAll(topic:) replays the open dead letters of that topic only, oldest first")
    func replayAllOneTopic() async throws {
        let world = try await DeadLetterWorld()
        let first = try world.envelope(key: "k-a")
        let second = try world.envelope(key: "k-b")
        let discarded = try world.envelope(key: "k-c")
        let elsewhere = try world.envelope(key: "k-d")
        let firstID = try await world.deadLetter(first)
        let secondID = try await world.deadLetter(second)
        let discardedID = try await world.deadLetter(discarded)
        let elsewhereID = try await world.deadLetter(elsewhere, topic: world.otherTopic)
        _ = try await world.store.discard(ids: [discardedID])
        let steps = Steps()

        let report = try await world.store.replayAll(topic: world.topic) { steps.add($0, $1) }

        #expect(report.ids(.replayed) == [firstID, secondID])
        #expect(steps.all.map(\.0) == [0, 1, 2])
        #expect(try await world.outbox(discarded.id).isEmpty)
        #expect(try await world.outbox(elsewhere.id).isEmpty)
        #expect(try await world.summary(elsewhereID).isOpen)
        let firstSeq = try #require(try await world.outbox(first.id).first?.seq)
        let secondSeq = try #require(try await world.outbox(second.id).first?.seq)
        #expect(firstSeq < secondSeq)
        try await world.drain()
        await world.close()
    }

    @Test("unknown ids are reported not found, and a malformed message can be discarded but not replayed")
    func unknownAndMalformed() async throws {
        let world = try await DeadLetterWorld()
        var malformed = try world.envelope(key: "")
        malformed.type = DeadLetterRedrive.malformedType
        let id = try await world.deadLetter(malformed)
        let unknown = UUID()

        let report = try await world.store.replay(ids: [unknown, id])

        #expect(report.ids(.notFound) == [unknown])
        #expect(report.ids(.notReplayable) == [id])
        #expect(try await world.outbox(malformed.id).isEmpty)
        #expect(try await world.summary(id).isOpen)
        #expect(try await world.store.discard(ids: [id]).ids(.discarded) == [id])
        await world.close()
    }

    @Test("a command cannot be parked behind a dead letter that was closed in the meantime")
    func noParkingBehindClosed() async throws {
        let world = try await DeadLetterWorld()
        let id = try await world.deadLetter(try world.envelope(key: "k-race"))
        _ = try await world.store.discard(ids: [id])
        let late = try world.envelope(key: "k-race")
        // What a worker whose "is it still open?" check ran just before the discard would insert.
        let error = await #expect(throws: PostgresError.self) {
            try await world.postgres.execute("""
                INSERT INTO pipeline.parked_commands
                    (consumer_group, source_topic, message_key, blocked_by, command_id, command_type, version, issued_at, payload)
                VALUES (\(world.group), \(world.topic), \(late.key), \(id), \(late.id), \(late.type), \(late.version),
                        \(late.issuedAt), \(late.payload))
                """)
        }
        #expect(error?.code == .serializationFailure)
        #expect(try await world.parkedCount(behind: id) == 0)
        await world.close()
    }
}

/// Records progress callbacks, which the store may call from any thread.
final class Steps: Sendable {
    private let recorded = Mutex<[(Int, Int)]>([])
    func add(_ done: Int, _ total: Int) { recorded.withLock { $0.append((done, total)) } }
    var all: [(Int, Int)] { recorded.withLock { $0 } }
}
