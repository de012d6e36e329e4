/// The handlers of one worker kind, by command type. A command with no handler is a permanent
/// failure (`unknown_command`): it goes to the dead-letter topic instead of blocking its partition.
public struct HandlerRegistry: Sendable {
    typealias Invoke = @Sendable (CommandEnvelope, HandlerContext) async throws -> Void
    private var handlers: [String: Invoke] = [:]

    public init() {}

    /// Registers `handler` for its command type; a second registration for a type replaces the first.
    public mutating func register<H: CommandHandler>(_ handler: H) {
        let isDocument = H.Input.self is any DocumentCommand.Type
        handlers[H.Input.commandType.name] = { envelope, context in
            guard envelope.version <= H.Input.commandType.version else {
                throw HandlerFailure.permanent("unsupported_version",
                                               "\(envelope.type) v\(envelope.version) is newer than this build's v\(H.Input.commandType.version)")
            }
            try await handler.handle(try envelope.decode(H.Input.self, isDocument: isDocument), context: context)
        }
    }

    public var commandTypes: [String] { handlers.keys.sorted() }

    func invoke(_ envelope: CommandEnvelope, context: HandlerContext) async throws {
        guard let invoke = handlers[envelope.type] else {
            throw HandlerFailure.permanent("unknown_command", "no handler for \(envelope.type) in this worker kind")
        }
        try await invoke(envelope, context)
    }
}
