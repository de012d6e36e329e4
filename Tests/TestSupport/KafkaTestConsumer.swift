import Foundation
import KafkaClient
import Logging

/// Reads a test topic from the beginning in a fresh consumer group until `until` is satisfied or
/// the deadline passes; returns what it saw. Short session timeout: group joins take ~3 s on Tansu.
public enum KafkaTestConsumer {
    public struct TimedOut: Error, CustomStringConvertible {
        public let seen: Int
        public var description: String { "timed out after \(seen) messages" }
    }

    public static func configuration(group: String) -> KafkaConsumerConfiguration {
        var configuration = KafkaConsumerConfiguration(brokers: TestStack.kafkaBrokers, groupID: group)
        configuration.sessionTimeout = .seconds(6)
        configuration.heartbeatInterval = .seconds(1)
        configuration.fetchWaitMax = .milliseconds(50)
        configuration.autoOffsetReset = .earliest
        return configuration
    }

    public static func read(topic: String, timeout: Duration = .seconds(30),
                            until done: @escaping @Sendable ([KafkaMessage]) -> Bool) async throws -> [KafkaMessage] {
        let consumer = try KafkaConsumer(configuration: configuration(group: TestStack.uniqueName("test-reader")),
                                         logger: Logger(label: "test.consumer"))
        try consumer.subscribe(topics: [topic])
        let collected = try await withThrowingTaskGroup(of: [KafkaMessage]?.self) { group in
            group.addTask {
                var seen: [KafkaMessage] = []
                for try await message in consumer.messages {
                    seen.append(message)
                    if done(seen) { return seen }
                }
                return seen
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { return nil as [KafkaMessage]? }
            return first
        }
        await consumer.close()
        guard let collected else { throw TimedOut(seen: 0) }
        return collected
    }

    /// Creates a topic for one test and waits until the broker knows it.
    public static func createTopic(_ name: String, partitions: Int32 = 1) async throws {
        let admin = try KafkaAdmin(brokers: TestStack.kafkaBrokers, logger: Logger(label: "test.admin"))
        defer { admin.close() }
        _ = try await admin.createTopics([KafkaTopicSpec(name: name, partitions: partitions, replicationFactor: 1, configs: [:])],
                                     timeout: .seconds(10))
    }
}
