import Foundation
import KafkaClient
import Testing

@Suite("Producing and consuming through a consumer group")
struct ProducerConsumerTests {
    @Test("10,000 keyed messages round-trip byte-exact, same key same partition, in order per key")
    func keyedMessagesRoundTripInOrder() async throws {
        let topic = TestSupport.uniqueName("roundtrip")
        try await TestSupport.createTopic(topic, partitions: 4)
        let keyCount = 200
        let total = 10_000

        // Keys and header values include non-UTF-8 bytes and an empty header value.
        func key(_ k: Int) -> [UInt8] { [0xFF, 0x00, 0xC3, UInt8(k % 256), UInt8(k / 256)] + Array("key-\(k)".utf8) }
        func headers(_ i: Int) -> [KafkaHeader] {
            [
                KafkaHeader(key: "seq", string: "\(i)"),
                KafkaHeader(key: "bin", value: [0x00, 0xFF, 0xFE, 0x80, UInt8(i % 256)]),
                KafkaHeader(key: "empty", value: []),
            ]
        }
        let messages = (0..<total).map { i in
            KafkaOutgoingMessage(
                topic: topic, key: key(i % keyCount), value: Array("\(i / keyCount)".utf8) + [0xFE], headers: headers(i)
            )
        }

        let producer = try TestSupport.producer()
        let results = try await producer.sendBatch(messages)
        await producer.shutdown(timeout: .seconds(5))
        let reports = try results.map { try $0.get() }
        #expect(reports.count == total)
        var partitionOfKey: [Int: Int32] = [:]
        for (i, report) in reports.enumerated() {
            let previous = partitionOfKey.updateValue(report.partition, forKey: i % keyCount)
            #expect(previous == nil || previous == report.partition)
        }
        #expect(Set(partitionOfKey.values).count > 1, "200 keys should spread over several partitions")

        let consumer = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(group: TestSupport.uniqueName("roundtrip-group")),
            logger: TestSupport.logger
        )
        try consumer.subscribe(topics: [topic])
        let received = await TestSupport.collect(from: consumer, timeout: .seconds(40)) { $0.count >= total }
        await consumer.close()
        #expect(received.count == total)

        var nextSequence: [Int: Int] = [:]
        var lastOffset: [Int32: Int64] = [:]
        for message in received {
            guard let seqBytes = message.header("seq"), let i = Int(String(decoding: seqBytes, as: UTF8.self)) else {
                Issue.record("message without seq header")
                continue
            }
            let k = i % keyCount
            #expect(message.topic == topic)
            #expect(message.key == key(k))
            #expect(message.value == Array("\(i / keyCount)".utf8) + [0xFE])
            #expect(message.headers == headers(i))
            #expect(message.partition == partitionOfKey[k])
            #expect(i / keyCount == nextSequence[k, default: 0], "order per key")
            nextSequence[k] = i / keyCount + 1
            #expect(message.offset > lastOffset[message.partition, default: -1])
            lastOffset[message.partition] = message.offset
            #expect(message.timestamp != nil)
        }
        #expect(Set(received.compactMap { $0.header("seq") }).count == total, "every message seen once")
    }

    @Test("A send to an unreachable broker throws timedOut within the message timeout")
    func sendToUnreachableBrokerTimesOut() async throws {
        var configuration = KafkaProducerConfiguration(brokers: "127.0.0.1:1")
        configuration.messageTimeout = .seconds(2)
        let producer = try KafkaProducer(configuration: configuration, logger: TestSupport.logger)
        let start = ContinuousClock.now
        do {
            _ = try await producer.send(KafkaOutgoingMessage(topic: "nowhere", value: [1]))
            Issue.record("send to an unreachable broker succeeded")
        } catch let error as KafkaError {
            #expect(error.code == .timedOut)
            #expect(error.isRetryable)
        }
        let elapsed = ContinuousClock.now - start
        #expect(elapsed >= .seconds(1) && elapsed < .seconds(5), "took \(elapsed)")

        let batch = try await producer.sendBatch([
            KafkaOutgoingMessage(topic: "nowhere", value: [1]), KafkaOutgoingMessage(topic: "nowhere", value: [2]),
        ])
        #expect(batch.count == 2)
        for result in batch {
            #expect(throws: KafkaError.self) { try result.get() }
        }
        await producer.shutdown(timeout: .milliseconds(100))
    }

    @Test("Shutdown is idempotent and later sends throw closed")
    func sendAfterShutdownThrowsClosed() async throws {
        let producer = try TestSupport.producer()
        await producer.shutdown(timeout: .seconds(1))
        await producer.shutdown(timeout: .seconds(1))
        let error = await #expect(throws: KafkaError.self) {
            _ = try await producer.send(KafkaOutgoingMessage(topic: "t", value: []))
        }
        #expect(error?.code == .closed)
    }

    @Test("Many concurrent sends all get a delivery report")
    func concurrentSendsAllAcknowledged() async throws {
        let topic = TestSupport.uniqueName("concurrent")
        try await TestSupport.createTopic(topic, partitions: 2)
        let producer = try TestSupport.producer()
        let offsets = try await withThrowingTaskGroup(of: KafkaDeliveryReport.self) { group in
            for i in 0..<2000 {
                group.addTask {
                    try await producer.send(KafkaOutgoingMessage(topic: topic, key: Array("\(i)".utf8), value: [UInt8(i % 256)]))
                }
            }
            var reports: [KafkaDeliveryReport] = []
            for try await report in group { reports.append(report) }
            return reports
        }
        try await producer.flush(timeout: .seconds(5))
        await producer.shutdown(timeout: .seconds(5))
        #expect(offsets.count == 2000)
        #expect(Set(offsets).count == 2000, "distinct partition/offset per message")
    }

    @Test("When librdkafka's queue or the in-flight limit is full, sends wait for room instead of failing")
    func fullQueueBackPressure() async throws {
        let topic = TestSupport.uniqueName("backpressure")
        try await TestSupport.createTopic(topic, partitions: 2)
        var configuration = KafkaProducerConfiguration(brokers: TestSupport.brokers)
        // A tiny librdkafka queue forces QUEUE_FULL; a tiny slot count forces waiting for slots.
        configuration.extra = ["queue.buffering.max.messages": "50"]
        configuration.maxInFlightMessages = 200
        let producer = try KafkaProducer(configuration: configuration, logger: TestSupport.logger)
        let batch = try await producer.sendBatch((0..<3000).map {
            KafkaOutgoingMessage(topic: topic, key: Array("\($0 % 10)".utf8), value: [UInt8($0 % 256)])
        })
        #expect(batch.count == 3000)
        #expect(batch.allSatisfy { (try? $0.get()) != nil })
        let single = try await withThrowingTaskGroup(of: KafkaDeliveryReport.self) { group in
            for i in 0..<500 {
                group.addTask { try await producer.send(KafkaOutgoingMessage(topic: topic, value: [UInt8(i % 256)])) }
            }
            var count = 0
            for try await _ in group { count += 1 }
            return count
        }
        #expect(single == 500)
        await producer.shutdown(timeout: .seconds(5))
    }

    @Test("Closing a consumer ends its message sequence and event stream; close is idempotent")
    func closeEndsStreams() async throws {
        let consumer = try KafkaConsumer(
            configuration: TestSupport.consumerConfiguration(group: TestSupport.uniqueName("close-group")),
            logger: TestSupport.logger
        )
        let events = EventRecorder(consumer)
        let reader = Task { () -> Int in
            var count = 0
            for await _ in consumer.messages { count += 1 }
            return count
        }
        try await Task.sleep(for: .milliseconds(200))
        await consumer.close()
        await consumer.close()
        #expect(await reader.value == 0)
        await events.finished()
        let error = #expect(throws: KafkaError.self) { try consumer.subscribe(topics: ["x"]) }
        #expect(error?.code == .closed)
        await #expect(throws: KafkaError.self) { try await consumer.commit() }
    }

    @Test("An unknown configuration property is rejected with invalidConfiguration")
    func unknownPropertyIsRejected() throws {
        var configuration = KafkaProducerConfiguration(brokers: TestSupport.brokers)
        configuration.extra = ["no.such.property": "1"]
        let error = #expect(throws: KafkaError.self) {
            _ = try KafkaProducer(configuration: configuration, logger: TestSupport.logger)
        }
        #expect(error?.code == .invalidConfiguration)
    }
}
