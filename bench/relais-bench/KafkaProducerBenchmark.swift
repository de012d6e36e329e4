import Foundation
import KafkaClient
import Logging

/// Messages/s of 100-byte messages produced through `KafkaProducer` vs `kcat -P` sending the same
/// messages to the same broker with the same producer settings (idempotent, acks=all,
/// linger.ms=5). Both times include waiting for every delivery report. Five rounds, alternating
/// so background noise hits both; the ratio compares each side's best round, because kcat's run
/// time is bimodal here (some runs stall ~1 s before exiting), which makes a median ratio swing
/// wildly. Medians are reported beside it.
enum KafkaProducerBenchmark {
    static let count = Int(ProcessInfo.processInfo.environment["RELAIS_BENCH_MESSAGES"] ?? "") ?? 300_000
    static let size = 100
    static let rounds = Int(ProcessInfo.processInfo.environment["RELAIS_BENCH_ROUNDS"] ?? "") ?? 5

    static func run(_ settings: BenchSettings) async throws -> BenchResult {
        let logger = Logger(label: "bench.kafka")
        // "00000042-xxxx…": 100 bytes, unique, printable, no newline (kcat reads one per line).
        let filler = [UInt8](repeating: UInt8(ascii: "x"), count: size - 9)
        let payloads = (0..<count).map { index -> [UInt8] in
            var digits = Array(String(index).utf8)
            digits.insert(contentsOf: [UInt8](repeating: UInt8(ascii: "0"), count: max(0, 8 - digits.count)), at: 0)
            return digits + [UInt8(ascii: "-")] + filler
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
        var relaisRates: [Double] = []
        var kcatRates: [Double] = []
        for round in 0..<rounds {
            let relaisTopic = "bench.producer.relais-\(UUID().uuidString.prefix(8).lowercased())"
            let kcatTopic = "bench.producer.kcat-\(UUID().uuidString.prefix(8).lowercased())"
            _ = try await admin.createTopics([
                KafkaTopicSpec(name: relaisTopic, partitions: 6, replicationFactor: 1, configs: [:]),
                KafkaTopicSpec(name: kcatTopic, partitions: 6, replicationFactor: 1, configs: [:]),
            ], timeout: .seconds(10))

            var configuration = KafkaProducerConfiguration(brokers: settings.kafkaBrokers)
            configuration.lingerMilliseconds = 5
            if let cap = ProcessInfo.processInfo.environment["RELAIS_BENCH_IN_FLIGHT"].flatMap(Int.init) {
                configuration.maxInFlightMessages = cap
            }
            let producer = try KafkaProducer(configuration: configuration, logger: logger)
            let messages = payloads.map { KafkaOutgoingMessage(topic: relaisTopic, key: nil, value: $0, headers: []) }
            let start = ContinuousClock.now
            let results = try await producer.sendBatch(messages)
            let elapsed = ContinuousClock.now - start
            await producer.shutdown(timeout: .seconds(10))
            let failures = results.filter { if case .failure = $0 { true } else { false } }.count
            guard failures == 0 else { throw BenchFailure("\(failures) messages were not acknowledged") }
            relaisRates.append(Double(count) / BenchSettings.seconds(elapsed))

            let kcatStart = ContinuousClock.now
            _ = try BenchSettings.run("kcat", [
                "-P", "-b", settings.kafkaBrokers, "-t", kcatTopic,
                "-X", "enable.idempotence=true", "-X", "acks=all", "-X", "linger.ms=5", "-l", file.path,
            ])
            let kcatElapsed = ContinuousClock.now - kcatStart
            kcatRates.append(Double(count) / BenchSettings.seconds(kcatElapsed))
            await BenchTopics.drop([relaisTopic, kcatTopic], settings: settings)
            FileHandle.standardError.write(Data("  kafka round \(round + 1): relais \(Int(Double(count) / BenchSettings.seconds(elapsed))) msg/s, kcat \(Int(Double(count) / BenchSettings.seconds(kcatElapsed))) msg/s\n".utf8))
        }
        let relaisMedian = median(relaisRates)
        let kcatMedian = median(kcatRates)
        return BenchResult(unit: "msg/s", relais: relaisRates.max() ?? 0, baseline: kcatRates.max() ?? 0,
                           baselineName: "kcat -P", target: 0.7,
                           notes: ["messages": count, "message_bytes": size, "rounds": rounds, "statistic": "best of rounds",
                                   "relais_median": relaisMedian.rounded(), "kcat_median": kcatMedian.rounded(),
                                   "median_ratio": (relaisMedian / max(kcatMedian, 1) * 100).rounded() / 100])
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
