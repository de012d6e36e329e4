import ArgumentParser
import Migrations

/// `relais migrate`: applies the SQL migrations the database has not seen.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending SQL migrations to DATABASE_URL (safe to run repeatedly and concurrently).")

    @Flag(help: "Only list applied and pending migrations.")
    var status = false

    func run() async throws {
        let process = try ProcessContext.load(role: "migrate")
        let postgres = try process.postgres()
        let migrator = Migrator(postgres: postgres, migrations: try Migrator.bundled(), logger: process.logger)
        defer { Task { await postgres.close() } }
        if status {
            let applied = Set(try await migrator.appliedVersions())
            for migration in try Migrator.bundled() {
                print("\(applied.contains(migration.version) ? "applied" : "pending")  \(migration.name)")
            }
            return
        }
        let applied = try await migrator.migrate()
        print(applied.isEmpty ? "database is up to date" : "applied: \(applied.joined(separator: ", "))")
        await postgres.close()
    }
}
