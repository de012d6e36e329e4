import Foundation
import KafkaClient
import Logging
import Pipeline

/// Deletes the topics a benchmark created once it is done with them. The local broker keeps
/// every record in memory, and a broker holding a few runs' worth (gigabytes) answered fetches
/// measurably slower: produce → handler p50 doubled and p99 tripled on the same build.
enum BenchTopics {
    static func drop(_ names: [String], settings: BenchSettings) async {
        do {
            let admin = try KafkaAdmin(brokers: settings.kafkaBrokers, logger: Logger(label: "bench"))
            defer { admin.close() }
            _ = try await admin.deleteTopics(names, timeout: .seconds(30))
        } catch {
            // A leftover topic only costs broker memory; the figures already taken stand.
            FileHandle.standardError.write(Data("  could not delete bench topics: \(error)\n".utf8))
        }
    }

    /// Every topic of a benchmark's catalogue, retry topics included.
    static func drop(_ catalogue: TopicCatalogue, settings: BenchSettings) async {
        await drop(catalogue.kafkaTopics.map(\.name), settings: settings)
    }
}
