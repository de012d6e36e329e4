import Logging
import NIOCore
import NIOPosix
import Synchronization

/// A client's multiplexed connections (`RedisConfiguration.poolSize` of them), used in turn.
///
/// Each connection carries many concurrent commands, so a few are enough: more connections
/// spread the load over more event loops but batch fewer commands per write.
final class MultiplexedPool: Sendable {
    private let connections: [MultiplexedConnection]
    private let turn = Atomic<UInt>(0)

    init(configuration: RedisConfiguration, logger: Logger) {
        let health = ConnectionHealth(target: "\(configuration.host):\(configuration.port)", logger: logger)
        connections = (0..<max(1, configuration.poolSize)).map { _ in
            MultiplexedConnection(configuration: configuration, health: health, group: MultiThreadedEventLoopGroup.singleton)
        }
    }

    /// Sends `commands` together on one connection and returns their replies in order.
    /// - Throws: `.invalidArgument` for an empty command; `.connection`, `.timeout`, `.closed`.
    func execute(_ commands: [[RedisArgument]]) async throws(RedisError) -> [RedisValue] {
        var bytes = ByteBuffer()
        for command in commands {
            try HiredisArgv.format(command, into: &bytes)
        }
        let index = Int(turn.wrappingAdd(1, ordering: .relaxed).oldValue % UInt(connections.count))
        return try await connections[index].execute(bytes, replyCount: commands.count)
    }

    /// Closes every connection; later calls fail with `.closed`.
    func close() {
        for connection in connections {
            connection.close()
        }
    }
}
