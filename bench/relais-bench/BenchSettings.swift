import Foundation

/// Where the benchmarks point, and small helpers they share.
struct BenchSettings: Sendable {
    let kafkaBrokers: String
    let databaseURL: String
    let redisURL: String

    static func machineDescription() -> String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let memory = ProcessInfo.processInfo.physicalMemory / 1_073_741_824
        let model = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        return "\(cores) cores, \(memory) GiB, \(model)"
    }

    /// Runs a program and returns its standard output; throws with its output when it fails.
    static func run(_ executable: String, _ arguments: [String], stdin: URL? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        if let stdin { process.standardInput = try FileHandle(forReadingFrom: stdin) }
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw BenchFailure("\(executable) exited with \(process.terminationStatus): \(text.suffix(500))")
        }
        return text
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One benchmark's figures: Relais's rate, the baseline's rate in the same run, their ratio and
/// the target the issue set.
struct BenchResult {
    let unit: String
    let relais: Double
    let baseline: Double
    let baselineName: String
    let target: Double
    let notes: [String: Any]

    var ratio: Double { baseline > 0 ? relais / baseline : 0 }

    var summary: String {
        String(format: "relais %.0f %@, %@ %.0f %@, ratio %.2f (target >= %.2f)",
               relais, unit, baselineName, baseline, unit, ratio, target)
    }

    var json: [String: Any] {
        var object: [String: Any] = [
            "unit": unit, "relais": relais.rounded(), "baseline": baseline.rounded(), "baseline_name": baselineName,
            "ratio": (ratio * 100).rounded() / 100, "target_ratio": target, "meets_target": ratio >= target,
        ]
        for (key, value) in notes { object[key] = value }
        return object
    }
}
