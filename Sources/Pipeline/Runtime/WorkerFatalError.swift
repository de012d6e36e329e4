/// Ends a worker process: a handler reported a fatal failure. The command was not committed, so
/// a healthy process picks it up; the exit status tells the supervisor to restart or alert.
public struct WorkerFatalError: Error, Sendable, CustomStringConvertible {
    public let worker: String
    public let failure: HandlerFailure

    public var description: String { "worker \(worker) stopped: \(failure)" }
}
