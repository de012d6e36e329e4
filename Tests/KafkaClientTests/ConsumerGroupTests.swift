import KafkaClient
import Testing

@Suite("Consumer groups: offsets, rebalancing, pause")
struct ConsumerGroupTests {
    @Test("Committed offsets survive a restart: the next member sees only unprocessed messages, none twice")
    func committedOffsetsSurviveRestart() async throws {
        let topic = TestSupport.uniqueName("offsets")
        let group = TestSupport.uniqueName("offsets-group")
        try await TestSupport.createTopic(topic, partitions: 2)
        let producer = try TestSupport.producer()
        let sent = try await producer.sendBatch((0..<100).map {
            KafkaOutgoingMessage(topic: topic, key: Array("k\($0 % 7)".utf8), value: Array("\($0)".utf8))
        })
        await producer.shutdown(timeout: .seconds(5))
        #expect(sent.allSatisfy { (try? $0.get()) != nil })

        // First member: processes 40 and commits explicitly, then 10 more committed by close().
        let first = try KafkaConsumer(configuration: TestSupport.consumerConfiguration(group: group), logger: TestSupport.logger)
        try first.subscribe(topics: [topic])
        var processed: [KafkaMessage] = []
        for await message in first.messages {
            try first.storeOffset(message)
            processed.append(message)
            if processed.count == 40 { try await first.commit() }
            if processed.count == 50 { break }
        }
        await first.close()
        await first.close()
        #expect(processed.count == 50)

        let second = try KafkaConsumer(configuration: TestSupport.consumerConfiguration(group: group), logger: TestSupport.logger)
        try second.subscribe(topics: [topic])
        let rest = await TestSupport.collect(from: second, timeout: .seconds(20)) { $0.count >= 50 }
        // Linger briefly: a message delivered twice would show up as a 51st.
        let extra = await TestSupport.collect(from: second, timeout: .seconds(1)) { _ in false }
        await second.close()

        func id(_ message: KafkaMessage) -> String { "\(message.partition)/\(message.offset)" }
        let firstIDs = Set(processed.map(id))
        let restIDs = Set((rest + extra).map(id))
        #expect(rest.count == 50 && extra.isEmpty)
        #expect(firstIDs.isDisjoint(with: restIDs))
        #expect(firstIDs.union(restIDs).count == 100)
    }

    @Test("Two members split the partitions; when one leaves the other takes them all over")
    func membersSplitPartitionsAndTakeOver() async throws {
        let topic = TestSupport.uniqueName("split")
        let group = TestSupport.uniqueName("split-group")
        try await TestSupport.createTopic(topic, partitions: 4)
        let all = Set((0..<4).map { KafkaTopicPartition(topic: topic, partition: $0) })

        let first = try KafkaConsumer(configuration: TestSupport.consumerConfiguration(group: group), logger: TestSupport.logger)
        let firstEvents = EventRecorder(first)
        try first.subscribe(topics: [topic])
        try await TestSupport.eventually("first member assigned") { try first.assignment().count == 4 }

        let second = try KafkaConsumer(configuration: TestSupport.consumerConfiguration(group: group), logger: TestSupport.logger)
        let secondEvents = EventRecorder(second)
        try second.subscribe(topics: [topic])
        try await TestSupport.eventually("partitions split between the members") {
            let a = Set(try first.assignment())
            let b = Set(try second.assignment())
            return !a.isEmpty && !b.isEmpty && a.isDisjoint(with: b) && a.union(b) == all
        }

        let revokedBefore = firstEvents.snapshot.filter { if case .revoked = $0 { return true } else { return false } }.count
        await second.close()
        await secondEvents.finished()
        #expect(secondEvents.snapshot.contains { if case .revoked(let p) = $0 { return !p.isEmpty } else { return false } })

        try await TestSupport.eventually("first member owns every partition again") { Set(try first.assignment()) == all }
        // The event recorder drains the consumer's events on its own task: on a loaded machine
        // the assignment is visible before its event is recorded.
        let lastAssigned: @Sendable () -> Set<KafkaTopicPartition>? = {
            guard case .assigned(let partitions) = firstEvents.snapshot.last(where: { if case .assigned = $0 { return true } else { return false } })
            else { return nil }
            return Set(partitions)
        }
        try await TestSupport.eventually("the last assigned event lists every partition") { lastAssigned() == all }
        let events = firstEvents.snapshot
        let revokedAfter = events.filter { if case .revoked = $0 { return true } else { return false } }.count
        #expect(revokedAfter > revokedBefore, "the remaining member saw its partitions revoked for the rebalance")

        let producer = try TestSupport.producer()
        let reports = try await TestSupport.produceCovering(producer, topic: topic, partitions: 4, tag: "takeover")
        await producer.shutdown(timeout: .seconds(5))
        let received = await TestSupport.collect(from: first, timeout: .seconds(20)) { $0.count >= reports.count }
        await first.close()
        #expect(received.count == reports.count)
        #expect(Set(received.map(\.partition)) == Set(0..<4))
    }

    @Test("A paused partition delivers nothing until resumed, then continues without gaps or repeats")
    func pausedPartitionDeliversNothingUntilResumed() async throws {
        let topic = TestSupport.uniqueName("pause")
        try await TestSupport.createTopic(topic, partitions: 2)
        let producer = try TestSupport.producer()
        let consumer = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(group: TestSupport.uniqueName("pause-group")),
            logger: TestSupport.logger
        )
        try consumer.subscribe(topics: [topic])

        // Warm up: one message per partition proves both are assigned and fetching.
        let warmup = try await TestSupport.produceCovering(producer, topic: topic, partitions: 2, tag: "warmup")
        let initial = await TestSupport.collect(from: consumer, timeout: .seconds(20)) { seen in
            Set(seen.map(\.partition)).count == 2
        }
        #expect(Set(initial.map(\.partition)).count == 2)

        // Messages produced before the pause reach the consumer's buffer before it is read:
        // pausing must hold those back too, not only stop fetching.
        let before = try await TestSupport.produceCovering(producer, topic: topic, partitions: 2, perPartition: 20, tag: "before")
        try await Task.sleep(for: .milliseconds(1500))
        let paused = KafkaTopicPartition(topic: topic, partition: 0)
        try consumer.pause([paused])
        let after = try await TestSupport.produceCovering(producer, topic: topic, partitions: 2, perPartition: 5, tag: "after")
        let all = warmup + before + after
        let expectedPaused = all.filter { $0.partition == 0 }.count
        let expectedOther = all.filter { $0.partition == 1 }.count

        let whilePaused = await TestSupport.collect(from: consumer, timeout: .seconds(3)) { _ in false }
        #expect(!whilePaused.contains { $0.partition == 0 }, "paused partition delivered a message")
        let seenOther = (initial + whilePaused).filter { $0.partition == 1 }
        #expect(seenOther.count == expectedOther)

        try consumer.resume([paused])
        let seenPausedBefore = initial.filter { $0.partition == 0 }
        let afterResume = await TestSupport.collect(from: consumer, timeout: .seconds(20)) { seen in
            seen.count >= expectedPaused - seenPausedBefore.count
        }
        await consumer.close()
        await producer.shutdown(timeout: .seconds(5))

        let offsets = (seenPausedBefore + afterResume).filter { $0.partition == 0 }.map(\.offset)
        #expect(afterResume.allSatisfy { $0.partition == 0 })
        #expect(offsets.count == expectedPaused)
        #expect(offsets == Array(offsets.sorted()), "in order")
        #expect(Set(offsets).count == offsets.count, "no repeats")
        if let first = offsets.first, let last = offsets.last {
            #expect(last - first + 1 == Int64(offsets.count), "no gaps")
        }
    }

    @Test("Watermarks come from fetches and lag reaches zero once everything is consumed")
    func watermarksTrackTheHighOffset() async throws {
        let topic = TestSupport.uniqueName("watermarks")
        try await TestSupport.createTopic(topic, partitions: 1)
        let producer = try TestSupport.producer()
        _ = try await producer.sendBatch((0..<25).map { KafkaOutgoingMessage(topic: topic, value: [UInt8($0)]) })
        await producer.shutdown(timeout: .seconds(5))

        let consumer = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(group: TestSupport.uniqueName("watermarks-group")),
            logger: TestSupport.logger
        )
        try consumer.subscribe(topics: [topic])
        let received = await TestSupport.collect(from: consumer, timeout: .seconds(20)) { $0.count >= 25 }
        let partition = KafkaTopicPartition(topic: topic, partition: 0)
        let watermarks = consumer.watermarks(partition)
        await consumer.close()
        #expect(received.count == 25)
        #expect(watermarks?.high == 25)
        #expect(consumer.watermarks(partition) == nil, "closed consumer reports nothing")
    }
}

@Suite("Closing a consumer")
struct ConsumerCloseTests {
    @Test("close commits what was stored and leaves, so the next member of the group starts after it")
    func closeCommitsAndLeaves() async throws {
        let topic = TestSupport.uniqueName("close-commit")
        try await TestSupport.createTopic(topic, partitions: 1)
        let producer = try TestSupport.producer()
        _ = try await producer.sendBatch((0..<10).map { KafkaOutgoingMessage(topic: topic, value: [UInt8($0)]) })
        await producer.shutdown(timeout: .seconds(5))
        let group = TestSupport.uniqueName("close-commit-group")

        let first = try KafkaConsumer(configuration: TestSupport.consumerConfiguration(group: group), logger: TestSupport.logger)
        try first.subscribe(topics: [topic])
        let seen = await TestSupport.collect(from: first, timeout: .seconds(20)) { $0.count >= 10 }
        for message in seen.prefix(6) { try first.storeOffset(message) }
        let started = ContinuousClock.now
        await first.close()
        #expect(ContinuousClock.now - started < .seconds(10), "a close with a reachable group is quick")

        let second = try KafkaConsumer(configuration: TestSupport.consumerConfiguration(group: group), logger: TestSupport.logger)
        try second.subscribe(topics: [topic])
        let rest = await TestSupport.collect(from: second, timeout: .seconds(20)) { $0.count >= 4 }
        await second.close()
        #expect(rest.map(\.offset) == [6, 7, 8, 9])
    }

    @Test("close returns promptly when no broker answers")
    func closeWithoutABrokerReturns() async throws {
        var configuration = TestSupport.consumerConfiguration(group: TestSupport.uniqueName("close-unreachable"))
        configuration.brokers = "127.0.0.1:1"
        let consumer = try KafkaConsumer(configuration: configuration, logger: TestSupport.logger)
        try consumer.subscribe(topics: [TestSupport.uniqueName("nowhere")])
        try await Task.sleep(for: .milliseconds(500))
        let started = ContinuousClock.now
        await consumer.close()
        #expect(ContinuousClock.now - started < .seconds(6))
    }
}
