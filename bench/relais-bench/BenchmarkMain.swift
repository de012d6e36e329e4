import Foundation
import Logging

/// `make bench`: each benchmark measures Relais and its baseline against the same local servers
/// in the same run and prints one JSON object. Timing never fails anything: these are figures
/// for bench/RESULTS.md, not tests.
@main
struct BenchmarkMain {
    static func main() async {
        let only = CommandLine.arguments.dropFirst().first
        let environment = ProcessInfo.processInfo.environment
        let settings = BenchSettings(
            kafkaBrokers: environment["KAFKA_BROKERS"] ?? "127.0.0.1:59092",
            databaseURL: environment["DATABASE_URL"] ?? "postgres://relais:relais@127.0.0.1:55432/relais",
            redisURL: environment["REDIS_URL"] ?? "redis://127.0.0.1:56379")
        var results: [(String, BenchResult)] = []
        let benchmarks: [(String, (BenchSettings) async throws -> BenchResult)] = [
            ("kafka_producer", KafkaProducerBenchmark.run),
            ("postgres_inserts", PostgresInsertBenchmark.run),
            ("worker_runtime", WorkerRuntimeBenchmark.run),
            ("command_encoding", CommandEncodingBenchmark.run),
            ("email_delivery", EmailDeliveryBenchmark.run),
            ("identity", IdentityBenchmark.run),
            ("relay", RelayBenchmark.run),
            ("chat_end_to_end", ChatEndToEndBenchmark.run),
            ("webhooks", WebhookBenchmark.run),
            ("academy", AcademyBenchmark.run),
            ("privacy", PrivacyBenchmark.run),
            ("stats", StatsBenchmark.run),
        ]
        for (name, benchmark) in benchmarks where only == nil || only == name {
            do {
                let result = try await benchmark(settings)
                results.append((name, result))
                FileHandle.standardError.write(Data("\(name): \(result.summary)\n".utf8))
            } catch {
                FileHandle.standardError.write(Data("\(name) could not run: \(error)\n".utf8))
            }
        }
        var report: [String: Any] = [
            "date": ISO8601DateFormatter().string(from: .now),
            "machine": BenchSettings.machineDescription(),
        ]
        for (name, result) in results { report[name] = result.json }
        if let data = try? JSONSerialization.data(withJSONObject: report, options: [.prettyPrinted, .sortedKeys]) {
            FileHandle.standardOutput.write(data)
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
    }
}
