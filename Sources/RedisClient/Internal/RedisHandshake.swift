/// The commands every new connection runs before it serves anything: `AUTH`, `SELECT`,
/// `CLIENT SETNAME`, as configured. Shared by pooled and subscriber connections.
struct RedisHandshake {
    private let steps: [(command: [RedisArgument], failure: String)]

    init(_ configuration: RedisConfiguration) {
        var steps: [(command: [RedisArgument], failure: String)] = []
        if let password = configuration.password {
            var auth: [RedisArgument] = ["AUTH"]
            if let username = configuration.username { auth.append(.string(username)) }
            auth.append(.string(password))
            steps.append((auth, "authentication failed"))
        }
        if configuration.database != 0 {
            steps.append((["SELECT", .int(configuration.database)], "cannot select database"))
        }
        if let name = configuration.clientName {
            steps.append((["CLIENT", "SETNAME", .string(name)], "cannot set client name"))
        }
        self.steps = steps
    }

    /// The commands to send, in order (possibly none).
    var commands: [[RedisArgument]] { steps.map(\.command) }

    /// Checks the replies to `commands`.
    /// - Throws: `.server`, naming the step that failed; never echoes the password.
    func verify(_ replies: [RedisValue]) throws(RedisError) {
        for (step, reply) in zip(steps, replies) {
            if case .error(let message) = reply {
                throw RedisError(code: .server, message: "\(step.failure): \(RedisError.server(message).message)")
            }
        }
    }
}
