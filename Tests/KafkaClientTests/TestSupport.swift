import Foundation
import KafkaClient
import Logging
import Synchronization
import Testing

/// Shared helpers: the broker address, unique names, a quiet logger and bounded waits.
enum TestSupport {
    static let brokers = ProcessInfo.processInfo.environment["KAFKA_BROKERS"] ?? "127.0.0.1:59092"

    static var logger: Logger {
        var logger = Logger(label: "kafka-client-tests")
        logger.logLevel = .error
        return logger
    }

    static func uniqueName(_ prefix: String) -> String {
        "test.\(prefix).\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Creates `name` with `partitions` partitions and waits until metadata shows it.
    static func createTopic(_ name: String, partitions: Int32, configs: [String: String] = [:]) async throws {
        let admin = try KafkaAdmin(brokers: brokers, logger: logger)
        defer { admin.close() }
        let outcome = try await admin.createTopics(
            [KafkaTopicSpec(name: name, partitions: partitions, configs: configs)], timeout: .seconds(10)
        )
        #expect(outcome[name] == .created)
        try await eventually("topic \(name) visible") {
            try await admin.listTopics(timeout: .seconds(5)).contains(name)
        }
    }

    /// Consumer settings that keep Tansu's group joins short (~3 s).
    static func consumerConfiguration(group: String) -> KafkaConsumerConfiguration {
        var configuration = KafkaConsumerConfiguration(brokers: brokers, groupID: group)
        configuration.sessionTimeout = .seconds(6)
        configuration.heartbeatInterval = .seconds(1)
        configuration.fetchWaitMax = .milliseconds(100)
        return configuration
    }

    static func producer(messageTimeout: Duration = .seconds(10)) throws -> KafkaProducer {
        var configuration = KafkaProducerConfiguration(brokers: brokers)
        configuration.messageTimeout = messageTimeout
        return try KafkaProducer(configuration: configuration, logger: logger)
    }

    /// Polls `condition` every 100 ms until it holds; fails the test after `timeout`.
    static func eventually(
        _ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting for \(what)")
        throw TimedOut(what: what)
    }

    /// Reads messages until `stop` says so, or `timeout` passes (then returns what it has).
    static func collect(
        from consumer: KafkaConsumer, timeout: Duration, until stop: @escaping @Sendable ([KafkaMessage]) -> Bool
    ) async -> [KafkaMessage] {
        await withTaskGroup(of: [KafkaMessage]?.self) { group in
            group.addTask {
                var seen: [KafkaMessage] = []
                if stop(seen) { return seen }
                for await message in consumer.messages {
                    seen.append(message)
                    if stop(seen) { break }
                }
                return seen
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            var result: [KafkaMessage] = []
            for await value in group {
                if let value {
                    result = value
                    group.cancelAll()
                } else {
                    // Timed out: cancelling makes the reader's pending `next()` return nil.
                    group.cancelAll()
                }
            }
            return result
        }
    }

    /// Sends keyed messages until every partition of the topic received at least `perPartition`.
    static func produceCovering(
        _ producer: KafkaProducer, topic: String, partitions: Int32, perPartition: Int = 1, tag: String
    ) async throws -> [KafkaDeliveryReport] {
        var reports: [KafkaDeliveryReport] = []
        var counts: [Int32: Int] = [:]
        var index = 0
        while (0..<partitions).contains(where: { counts[$0, default: 0] < perPartition }) {
            let report = try await producer.send(KafkaOutgoingMessage(
                topic: topic, key: Array("\(tag)-\(index)".utf8), value: Array("\(tag)-\(index)".utf8)
            ))
            counts[report.partition, default: 0] += 1
            reports.append(report)
            index += 1
            if index > 1000 { throw TimedOut(what: "partition coverage") }
        }
        return reports
    }

    struct TimedOut: Error {
        let what: String
    }
}

/// Records the events of a consumer in the background.
final class EventRecorder: Sendable {
    private final class Log: Sendable {
        let events = Mutex<[KafkaConsumerEvent]>([])
    }

    private let log = Log()
    private let task: Task<Void, Never>

    init(_ consumer: KafkaConsumer) {
        let log = self.log
        task = Task {
            for await event in consumer.events { log.events.withLock { $0.append(event) } }
        }
    }

    var snapshot: [KafkaConsumerEvent] { log.events.withLock { $0 } }

    /// Waits until the event stream finished (after the consumer closed).
    func finished() async { await task.value }
}
