import Foundation
import Logging

/// Writes one JSON object per line to standard error: `ts`, `level`, `label`, `msg` and the
/// metadata flattened as strings. Call sites are responsible for keeping personal data out of
/// messages and metadata; this handler only formats.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String

    public init(label: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.logLevel = level
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        var object: [String: String] = [:]
        for (key, value) in merged { object[key] = "\(value)" }
        object["ts"] = RFC3339.format(.now)
        object["level"] = event.level.rawValue
        object["label"] = label
        object["msg"] = "\(event.message)"
        if event.level >= .error { object["source"] = "\(event.file.split(separator: "/").last ?? ""):\(event.line)" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var line = try? encoder.encode(object) else { return }
        line.append(0x0A)
        FileHandle.standardError.write(line)
    }
}
