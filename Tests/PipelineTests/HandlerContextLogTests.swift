import Foundation
import Logging
@testable import Pipeline
import Synchronization
import Testing

@Suite("Handler context logging")
struct HandlerContextLogTests {
    /// Keeps what is logged, with its metadata.
    final class Recorder: Sendable {
        let lines = Mutex<[(Logger.Level, String, Logger.Metadata)]>([])
    }

    struct RecordingHandler: LogHandler {
        let recorder: Recorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .warning

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
                 file: String, function: String, line: UInt) {
            recorder.lines.withLock { $0.append((level, message.description, self.metadata.merging(metadata ?? [:]) { $1 })) }
        }
    }

    struct Ping: Command {
        static let commandType = CommandType("LogPing", topic: "log.ping")
        var orderingKey: String { "k" }
    }

    @Test("a line below the logger's level is neither built nor written; one at it carries the command's metadata")
    func levelGate() {
        let recorder = Recorder()
        let logger = Logger(label: "test") { _ in RecordingHandler(recorder: recorder) }
        let context = HandlerContext.direct(Ping(), consumerGroup: "group", logger: logger)
        let built = Atomic<Int>(0)
        func message(_ text: String) -> Logger.Message {
            built.wrappingAdd(1, ordering: .relaxed)
            return "\(text)"
        }

        context.log(.info, message("filtered out"), metadata: ["extra": "1"])
        #expect(built.load(ordering: .relaxed) == 0)
        #expect(recorder.lines.withLock { $0.isEmpty })

        context.log(.warning, message("written"), metadata: ["extra": "2"])
        let lines = recorder.lines.withLock { $0 }
        #expect(lines.count == 1 && built.load(ordering: .relaxed) == 1)
        #expect(lines.first?.1 == "written")
        #expect(lines.first?.2["extra"] == "2")
        #expect(lines.first?.2["command_id"] == "\(context.commandID)")
        #expect(lines.first?.2["command_type"] == "LogPing")
    }
}
