import Foundation
import Logging
import Migrations
import PostgresClient
import Testing
import TestSupport

@Suite("SQL migrations")
struct MigratorTests {
    /// Each test migrates a database of its own, so it sees a fresh schema.
    static func withScratchDatabase(_ body: (PostgresClient) async throws -> Void) async throws {
        let admin = try TestClients.postgres(poolSize: 1)
        let name = TestStack.uniqueName("relais_test").replacingOccurrences(of: "-", with: "_")
        try await admin.execute("CREATE DATABASE \(identifier: name)")
        var components = try #require(URLComponents(string: TestStack.databaseURL))
        components.path = "/\(name)"
        let url = try #require(components.string)
        let scratch = PostgresClient(configuration: try PostgresConfiguration(url: url), logger: Logger(label: "test"))
        do {
            try await body(scratch)
        } catch {
            await scratch.close()
            try await admin.execute("DROP DATABASE \(identifier: name)")
            throw error
        }
        await scratch.close()
        try await admin.execute("DROP DATABASE \(identifier: name)")
        await admin.close()
    }

    @Test("migrating twice applies every file once and the second run changes nothing")
    func idempotent() async throws {
        try await Self.withScratchDatabase { postgres in
            let bundled = try Migrator.bundled()
            #expect(!bundled.isEmpty)
            let migrator = Migrator(postgres: postgres, migrations: bundled, logger: Logger(label: "test"))
            #expect(try await migrator.migrate() == bundled.map(\.name))
            #expect(try await migrator.migrate().isEmpty)
            #expect(try await migrator.appliedVersions() == bundled.map(\.version))
            let tables = try await postgres.query("SELECT to_regclass('pipeline.outbox') IS NOT NULL AS outbox, to_regclass('pipeline.inbox') IS NOT NULL AS inbox")
            #expect(try tables.first?.decode(Bool.self, column: "outbox") == true)
            #expect(try tables.first?.decode(Bool.self, column: "inbox") == true)
        }
    }

    @Test("concurrent migrate runs do not apply a file twice")
    func concurrentRuns() async throws {
        try await Self.withScratchDatabase { postgres in
            let migrator = Migrator(postgres: postgres, migrations: try Migrator.bundled(), logger: Logger(label: "test"))
            async let first = migrator.migrate()
            async let second = migrator.migrate()
            let applied = try await first + second
            #expect(applied.sorted() == (try Migrator.bundled()).map(\.name).sorted())
        }
    }

    @Test("an applied migration whose file changed stops the run instead of drifting")
    func editedMigrationRefused() async throws {
        try await Self.withScratchDatabase { postgres in
            let original = [Migration(version: 1, name: "0001_t", sql: "CREATE TABLE t (id int)")]
            try await Migrator(postgres: postgres, migrations: original, logger: Logger(label: "test")).migrate()
            let edited = [Migration(version: 1, name: "0001_t", sql: "CREATE TABLE t (id bigint)")]
            await #expect(throws: MigrationError.self) {
                try await Migrator(postgres: postgres, migrations: edited, logger: Logger(label: "test")).migrate()
            }
        }
    }

    @Test("a failing migration rolls back entirely and is not recorded")
    func failingMigrationRollsBack() async throws {
        try await Self.withScratchDatabase { postgres in
            let broken = [Migration(version: 1, name: "0001_broken", sql: "CREATE TABLE half (id int); SELECT * FROM missing_table;")]
            await #expect(throws: (any Error).self) {
                try await Migrator(postgres: postgres, migrations: broken, logger: Logger(label: "test")).migrate()
            }
            let rows = try await postgres.query("SELECT to_regclass('public.half') IS NULL AS gone")
            #expect(try rows.first?.decode(Bool.self, column: "gone") == true)
            #expect(try await Migrator(postgres: postgres, migrations: broken, logger: Logger(label: "test")).appliedVersions().isEmpty)
        }
    }
}
