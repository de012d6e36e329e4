import ArgumentParser
import Pipeline

/// `relais work <kind>...`: runs worker kinds in their consumer groups.
struct WorkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work",
        abstract: "Run one or more worker kinds (or `all`) in their consumer groups.",
        discussion: "Kinds are declared under `workers:` in topics.yaml: webhooks, email, notifications, learning, stats, erasure. Scale a kind by starting more processes: they share its consumer group's partitions.")

    @Argument(help: "Worker kinds to run, or `all`.")
    var kinds: [String]

    func run() async throws {
        let process = try ProcessContext.load(role: "worker")
        let known = process.catalogue.workers.map(\.kind)
        let selected = kinds == ["all"] ? known : kinds
        guard !selected.isEmpty else { throw ValidationError("name at least one worker kind, or `all`") }
        for kind in selected where !known.contains(kind) {
            throw ValidationError("unknown worker kind '\(kind)'; topics.yaml declares: \(known.joined(separator: ", "))")
        }
        // The consumer runtime (retries, dead letters, inbox) is the Worker runtime issue; until it
        // lands this command refuses to start rather than pretend to consume.
        throw StartupError("the worker runtime is not part of this build yet (see docs/ROADMAP.md); kinds validated: \(selected.joined(separator: ", "))")
    }
}
