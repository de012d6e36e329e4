import ArgumentParser
import Foundation
import KafkaClient
import Logging
import Pipeline
import PostgresClient
import Synchronization

/// `relais dlq list|replay|discard`: inspects dead letters and re-drives them to their source
/// topics (see `DeadLetterStore`).
struct DLQCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "List, replay or discard dead letters (commands a worker gave up on).",
        discussion: """
            A replay sends the command again to its source topic with its original id, key and headers \
            as attempt 1; on an `ordering: strict` topic the commands parked behind it follow. A discard \
            drops it for good and re-drives what was parked behind it. Both go through the outbox and \
            are shipped to Kafka before the command exits.
            """,
        subcommands: [List.self, Replay.self, Discard.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show dead letters, newest first (never their payloads).")

        @Option(help: "Only dead letters consumed from this source topic.")
        var topic: String?

        @Option(help: "Only those dead-lettered since an age (30m, 24h, 7d) or an RFC 3339 time.")
        var since: String?

        @Flag(help: "Include dead letters already replayed or discarded.")
        var all = false

        @Option(help: "Show at most this many.")
        var limit = 50

        func validate() throws {
            if let since, SinceText.parse(since) == nil {
                throw ValidationError("--since takes an age such as 30m, 24h or 7d, or an RFC 3339 time; got '\(since)'")
            }
            guard (1...10_000).contains(limit) else { throw ValidationError("--limit must be between 1 and 10000") }
        }

        func run() async throws {
            let process = try ProcessContext.load(role: "dlq")
            let postgres = try process.postgres()
            let store = DeadLetterStore(postgres: postgres, logger: process.logger)
            let found: [DeadLetterSummary]
            do {
                found = try await store.list(topic: topic, since: since.flatMap { SinceText.parse($0) },
                                             includeClosed: all, limit: limit)
            } catch {
                await postgres.close()
                throw error
            }
            await postgres.close()
            guard !found.isEmpty else {
                print(all ? "no dead letters" : "no open dead letters")
                return
            }
            DeadLetterTable.render(found).forEach { print($0) }
            if found.count == limit { print("(showing the newest \(limit); use --limit to see more)") }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send dead letters again to their source topics, with what was parked behind them.")

        @Argument(help: "Ids of the dead letters to replay (from `relais dlq list`).")
        var ids: [String] = []

        @Option(help: "With --all: replay every open dead letter of this source topic.")
        var topic: String?

        @Flag(help: "With --topic: confirms that every open dead letter of the topic is meant.")
        var all = false

        func validate() throws {
            if topic != nil || all {
                guard topic != nil, all, ids.isEmpty else {
                    throw ValidationError("give either dead letter ids, or --topic <topic> --all")
                }
            } else {
                _ = try DeadLetterIDs.parse(ids)
            }
        }

        func run() async throws {
            let session = try DLQSession(action: "replayed")
            if let topic {
                guard session.process.catalogue.topic(named: topic) != nil else {
                    await session.close()
                    throw StartupError("topic '\(topic)' is not declared in topics.yaml")
                }
                try await session.run { store, progress in try await store.replayAll(topic: topic, progress: progress) }
            } else {
                let requested = try DeadLetterIDs.parse(ids)
                try await session.checkExist(requested, replaying: true)
                try await session.run { store, progress in try await store.replay(ids: requested, progress: progress) }
            }
        }
    }

    struct Discard: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drop dead letters for good; commands parked behind them are re-driven.")

        @Argument(help: "Ids of the dead letters to discard (from `relais dlq list`).")
        var ids: [String] = []

        func validate() throws {
            _ = try DeadLetterIDs.parse(ids)
        }

        func run() async throws {
            let session = try DLQSession(action: "discarded")
            let requested = try DeadLetterIDs.parse(ids)
            try await session.checkExist(requested, replaying: false)
            try await session.run { store, progress in try await store.discard(ids: requested, progress: progress) }
        }
    }
}

/// Parses dead-letter ids given on the command line.
private enum DeadLetterIDs {
    static func parse(_ texts: [String]) throws -> [UUID] {
        guard !texts.isEmpty else { throw ValidationError("name at least one dead letter id (see `relais dlq list`)") }
        return try texts.map { text in
            guard let id = UUID(uuidString: text) else {
                throw ValidationError("'\(text)' is not a dead letter id (a UUID as printed by `relais dlq list`)")
            }
            return id
        }
    }
}

/// The clients and output of one `replay` or `discard` run.
private struct DLQSession {
    let process: ProcessContext
    let postgres: PostgresClient
    /// "replayed" or "discarded", for the progress and summary lines.
    let action: String
    let onTerminal = isatty(STDOUT_FILENO) == 1

    init(action: String) throws {
        process = try ProcessContext.load(role: "dlq")
        postgres = try process.postgres()
        self.action = action
    }

    func close() async {
        await postgres.close()
    }

    /// Refuses the whole request, before changing anything, when an id is unknown or (for a
    /// replay) names a source topic this build's topics.yaml no longer declares.
    func checkExist(_ ids: [UUID], replaying: Bool) async throws {
        let found: [DeadLetterSummary]
        do {
            found = try await DeadLetterStore(postgres: postgres, logger: process.logger).summaries(ids: ids)
        } catch {
            await close()
            throw error
        }
        let known = Set(found.map(\.id))
        let unknown = ids.filter { !known.contains($0) }
        let undeclared = Set(found.filter { $0.isOpen && process.catalogue.topic(named: $0.sourceTopic) == nil }.map(\.sourceTopic))
        // StartupError, not ValidationError: ArgumentParser would follow a ValidationError thrown
        // from `run` with the root command's usage, which says nothing about these ids.
        guard unknown.isEmpty, !replaying || undeclared.isEmpty else {
            await close()
            if !unknown.isEmpty {
                throw StartupError("no dead letter with id \(unknown.map { $0.uuidString.lowercased() }.joined(separator: ", ")); nothing was changed")
            }
            throw StartupError("source topic(s) \(undeclared.sorted().joined(separator: ", ")) not declared in topics.yaml; nothing was changed")
        }
    }

    /// Runs `work` with a progress display, prints the summary, then ships what it enqueued.
    func run(_ work: (DeadLetterStore, @escaping DeadLetterStore.Progress) async throws -> DeadLetterReport) async throws {
        var logger = process.logger
        // Per-dead-letter info logs would tear the progress bar; the summary says the same.
        if onTerminal { logger.logLevel = .warning }
        let progress = ProgressDisplay(action: action, onTerminal: onTerminal)
        let report: DeadLetterReport
        do {
            report = try await work(DeadLetterStore(postgres: postgres, logger: logger)) { done, total in
                progress.show(done: done, total: total)
            }
        } catch {
            progress.finish()
            await close()
            throw error
        }
        progress.finish()
        printSummary(report)
        if report.count(.replayed) + report.parkedRedriven > 0 { await ship() }
        await close()
    }

    private func printSummary(_ report: DeadLetterReport) {
        let closed = action == "replayed" ? report.count(.replayed) : report.count(.discarded)
        var summary = "\(action) \(closed), skipped \(report.count(.alreadyClosed)) already closed, "
            + "parked commands re-driven \(report.parkedRedriven)"
        if report.count(.notFound) > 0 { summary += ", not found \(report.count(.notFound))" }
        print(summary)
        for id in report.ids(.notReplayable) {
            print("not replayable (malformed message, discard it instead): \(id.uuidString.lowercased())")
        }
    }

    /// The commands are committed in the outbox; shipping them now means a replay reaches Kafka
    /// even when no `relais serve` or `relais work` process is running.
    private func ship() async {
        do {
            let producer = try process.producer()
            let publisher = OutboxPublisher(postgres: postgres, producer: producer, logger: process.logger)
            do {
                let shipped = try await publisher.drain()
                print(shipped > 0
                      ? "shipped \(shipped) outbox command(s) to Kafka"
                      : "another process is shipping the outbox; the commands will reach Kafka from there")
            } catch {
                printError("the commands are saved in the outbox but could not be shipped now (\(error)); "
                           + "a running `relais serve` or `relais work` ships them")
            }
            await producer.shutdown(timeout: .seconds(10))
        } catch {
            printError("the commands are saved in the outbox; no Kafka producer could be created (\(error))")
        }
    }

    private func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// A progress bar redrawn in place on a terminal; otherwise a plain line every 10 %.
private final class ProgressDisplay: Sendable {
    private let action: String
    private let onTerminal: Bool
    /// Last decile printed (plain lines) / whether a bar is on screen (terminal).
    private let state = Mutex<(decile: Int, drawn: Bool)>((-1, false))

    init(action: String, onTerminal: Bool) {
        self.action = action
        self.onTerminal = onTerminal
    }

    func show(done: Int, total: Int) {
        guard total > 0 else { return }
        if onTerminal {
            let width = 30
            let filled = width * done / total
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            write("\r[\(bar)] \(done)/\(total) \(action)")
            state.withLock { $0.drawn = true }
            return
        }
        let decile = 10 * done / total
        let due = done > 0 && state.withLock { state in
            guard decile > state.decile else { return false }
            state.decile = decile
            return true
        }
        if due { print("\(action) \(done)/\(total)") }
    }

    /// Ends the bar's line so what follows starts on a fresh one.
    func finish() {
        if state.withLock({ $0.drawn }) { write("\n") }
    }

    // Unbuffered, so the bar appears at once; on a terminal `print` flushes at each newline, so
    // the command's other lines stay in order with it.
    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
