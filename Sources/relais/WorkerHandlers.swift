import Pipeline

/// The command handlers of each worker kind in this build. Each worker issue registers its
/// kind's handlers here (from Workers/<Kind>/). A kind with no handler does not start:
/// consuming without handlers would dead-letter every command.
enum WorkerHandlers {
    static func registry(for kind: String) -> HandlerRegistry {
        // No worker kind has handlers yet (docs/ROADMAP.md).
        HandlerRegistry()
    }
}
