import ArgumentParser

/// `relais`: one binary for every Relais process. See `relais --help`.
@main
struct Relais: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relais",
        abstract: "One backend for five products: HTTP ingress, Kafka workers and operations tools.",
        discussion: """
            Every setting comes from environment variables (DATABASE_URL, REDIS_URL, KAFKA_BROKERS, \
            SMTP_URL, HTTP_PORT, ...); the defaults match the local stack of `scripts/stack up`. \
            See the README's configuration table.
            """,
        version: "0.1.0",
        subcommands: [ServeCommand.self, WorkCommand.self, MigrateCommand.self, TopicsCommand.self, DLQCommand.self, EmailCommand.self, UsersCommand.self, RelayCommand.self, BillingCommand.self])
}
