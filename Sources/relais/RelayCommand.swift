import ArgumentParser
import Identity
import Platform
import Relay
import ServiceLifecycle

/// `relais relay`: the WebSocket relay.
struct RelayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay",
        abstract: "Run the WebSocket relay until SIGTERM or Ctrl-C.",
        discussion: "Listens on RELAY_HOST:RELAY_PORT (default 127.0.0.1:8081): /v1/ws and /health. Shutdown closes every socket with 1001.")

    func run() async throws {
        let process = try ProcessContext.load(role: "relay")
        let settings: RelaySettings
        do {
            settings = try RelaySettings()
        } catch let error as ConfigurationError {
            throw StartupError("configuration: \(error)")
        }
        let identity = try process.identitySettings()
        let tokens = try await AccessTokens(configuration: AccessTokenConfiguration(
            signingSecret: identity.jwtSecret, previousSecrets: identity.jwtPreviousSecrets, lifetime: identity.accessTokenLifetime))
        let postgres = try process.postgres()
        let redis = try process.redis()
        let relay = RelayServer(settings: settings, tokens: tokens, redis: redis, rooms: ConversationRoomAccess(postgres: postgres),
                                logger: process.logger)
        let shutdown = ShutdownService(actions: [
            { redis.close() },
            { await postgres.close() },
        ])
        var groupConfiguration = ServiceGroupConfiguration(
            services: [shutdown, relay], gracefulShutdownSignals: [.sigterm, .sigint], logger: process.logger)
        groupConfiguration.maximumGracefulShutdownDuration = settings.closeGracePeriod + .seconds(15)
        let group = ServiceGroup(configuration: groupConfiguration)
        process.logger.info("relay starting", metadata: ["port": "\(settings.port)", "instance": "\(settings.instanceID)"])
        try await group.run()
    }
}
