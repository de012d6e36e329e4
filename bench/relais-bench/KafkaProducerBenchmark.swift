import Foundation
import KafkaClient
import Logging

/// Messages/s of 100-byte messages produced through `KafkaProducer` vs `kcat -P` sending the same
/// messages to the same broker with the same producer settings (idempotent, acks=all,
/// linger.ms=5). Both times include waiting for every delivery report. Best of three rounds each,
/// alternating so background noise hits both.
enum KafkaProducerBenchmark {
    static let count = 100_000
    static let size = 100
    static let rounds = 3

    static func run(_ settings: BenchSettings) async throws -> BenchResult {
        let logger = Logger(label: "bench.kafka")
        let payloads = (0..<count).map { index -> [UInt8] in
            let text = String(format: "%08d-", index) + String(repeating: "x", count: size - 9)
            return Array(text.utf8)
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("relais-bench-\(UUID().uuidString).txt")
        var fileData = Data(capacity: count * (size + 1))
        for payload in payloads {
            fileData.append(contentsOf: payload)
            fileData.append(0x0A)
        }
        try fileData.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let admin = try KafkaAdmin(brokers: settings.kafkaBrokers, logger: logger)
        defer { admin.close() }
        var relaisBest = 0.0
        var kcatBest = 0.0
        for round in 0..<rounds {
            let relaisTopic = "bench.producer.relais-\(UUID().uuidString.prefix(8).lowercased())"
            let kcatTopic = "bench.producer.kcat-\(UUID().uuidString.prefix(8).lowercased())"
            _ = try await admin.createTopics([
                KafkaTopicSpec(name: relaisTopic, partitions: 6, replicationFactor: 1, configs: [:]),
                KafkaTopicSpec(name: kcatTopic, partitions: 6, replicationFactor: 1, configs: [:]),
            ], timeout: .seconds(10))

            var configuration = KafkaProducerConfiguration(brokers: settings.kafkaBrokers)
            configuration.lingerMilliseconds = 5
            let producer = try KafkaProducer(configuration: configuration, logger: logger)
            let messages = payloads.map { KafkaOutgoingMessage(topic: relaisTopic, key: nil, value: $0, headers: []) }
            let start = ContinuousClock.now
            let results = try await producer.sendBatch(messages)
            let elapsed = ContinuousClock.now - start
            await producer.shutdown(timeout: .seconds(10))
            let failures = results.filter { if case .failure = $0 { true } else { false } }.count
            guard failures == 0 else { throw BenchFailure("\(failures) messages were not acknowledged") }
            relaisBest = max(relaisBest, Double(count) / BenchSettings.seconds(elapsed))

            let kcatStart = ContinuousClock.now
            _ = try BenchSettings.run("kcat", [
                "-P", "-b", settings.kafkaBrokers, "-t", kcatTopic,
                "-X", "enable.idempotence=true", "-X", "acks=all", "-X", "linger.ms=5", "-l", file.path,
            ])
            let kcatElapsed = ContinuousClock.now - kcatStart
            kcatBest = max(kcatBest, Double(count) / BenchSettings.seconds(kcatElapsed))
            FileHandle.standardError.write(Data("  kafka round \(round + 1): relais \(Int(Double(count) / BenchSettings.seconds(elapsed))) msg/s, kcat \(Int(Double(count) / BenchSettings.seconds(kcatElapsed))) msg/s\n".utf8))
        }
        return BenchResult(unit: "msg/s", relais: relaisBest, baseline: kcatBest, baselineName: "kcat -P", target: 0.7,
                           notes: ["messages": count, "message_bytes": size, "rounds": rounds])
    }
}
