import Foundation
import Testing

@testable import KafkaClient

@Suite("Pure helpers")
struct PureLogicTests {
    @Test("The log rate limiter admits `limit` lines per window, then reports how many it dropped")
    func logRateLimiterDropsAndReports() {
        var limiter = LogRateLimiter(limit: 3, windowNanoseconds: 1_000)
        #expect(limiter.decide(now: 10) == .log(suppressedBefore: 0))
        #expect(limiter.decide(now: 11) == .log(suppressedBefore: 0))
        #expect(limiter.decide(now: 12) == .log(suppressedBefore: 0))
        #expect(limiter.decide(now: 13) == .drop)
        #expect(limiter.decide(now: 14) == .drop)
        #expect(limiter.decide(now: 1_010) == .log(suppressedBefore: 2))
        #expect(limiter.decide(now: 1_011) == .log(suppressedBefore: 0))
    }

    @Test("Durations convert to whole milliseconds, clamped to librdkafka's int range")
    func durationMilliseconds() {
        #expect(Duration.seconds(2).wholeMilliseconds == 2000)
        #expect(Duration.milliseconds(1500).wholeMilliseconds == 1500)
        #expect(Duration.microseconds(2500).wholeMilliseconds == 2)
        #expect(Duration.seconds(-5).wholeMilliseconds == 0)
        #expect(Duration.seconds(Int64.max).timeoutMilliseconds == Int32.max)
    }

    @Test("The FIFO keeps order across pops, compaction and extraction")
    func fifoKeepsOrder() {
        var fifo = FIFO<Int>()
        for i in 0..<3000 { fifo.append(i) }
        for i in 0..<2000 { #expect(fifo.popFirst() == i) }
        let odd = fifo.extract { $0 % 2 == 1 }
        #expect(odd.first == 2001 && odd.count == 500)
        #expect(fifo.count == 500)
        #expect(fifo.popFirst() == 2000)
        #expect(fifo.popFirst() == 2002)
    }

    @Test("header(_:) returns the last value of a repeated header key")
    func lastHeaderWins() {
        let message = KafkaMessage(
            topic: "t", partition: 0, offset: 0, key: nil, value: [],
            headers: [KafkaHeader(key: "a", string: "1"), KafkaHeader(key: "a", string: "2")], timestamp: nil
        )
        #expect(message.header("a") == Array("2".utf8))
        #expect(message.header("b") == nil)
    }

    @Test("Idempotence, acks and manual offset storing cannot be overridden through extra")
    func safetySettingsWinOverExtra() {
        var producer = KafkaProducerConfiguration(brokers: "b:1")
        producer.extra = ["acks": "1", "enable.idempotence": "false", "linger.ms": "50"]
        let producerProperties = producer.properties()
        #expect(producerProperties.last { $0.0 == "acks" }?.1 == "all")
        #expect(producerProperties.last { $0.0 == "enable.idempotence" }?.1 == "true")
        #expect(producerProperties.last { $0.0 == "linger.ms" }?.1 == "50")

        var consumer = KafkaConsumerConfiguration(brokers: "b:1", groupID: "g")
        consumer.extra = ["enable.auto.offset.store": "true"]
        #expect(consumer.properties().last { $0.0 == "enable.auto.offset.store" }?.1 == "false")
    }
}
