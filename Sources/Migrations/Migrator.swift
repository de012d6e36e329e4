import Foundation
import Logging
import PostgresClient

/// Applies the ordered SQL files of `SQL/` that the database has not seen, each in its own
/// transaction, and records them in `public.relais_migrations`.
///
/// Safe to run from several processes at once (compose starts one migrate job, but an operator
/// may run another): a transaction-scoped advisory lock serialises them. An applied migration
/// whose file changed stops the run, because the database no longer matches the code.
public struct Migrator: Sendable {
    private let postgres: PostgresClient
    private let migrations: [Migration]
    private let logger: Logger

    /// Arbitrary constant shared by every Relais process: the advisory lock key for migrations.
    private static let lockKey: Int64 = 0x5245_4c41_4953_0001

    public init(postgres: PostgresClient, migrations: [Migration], logger: Logger) {
        self.postgres = postgres
        self.migrations = migrations.sorted { $0.version < $1.version }
        self.logger = logger
    }

    /// The migrations shipped with this build.
    public static func bundled() throws -> [Migration] {
        guard let folder = Bundle.module.url(forResource: "SQL", withExtension: nil) else {
            throw MigrationError("the SQL migrations folder is missing from the build")
        }
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
        var seen: Set<Int> = []
        return try files.map { file in
            let base = file.deletingPathExtension().lastPathComponent
            guard let prefix = base.split(separator: "_").first, let version = Int(prefix), version > 0 else {
                throw MigrationError("migration file \(file.lastPathComponent) must be named NNNN_description.sql")
            }
            guard seen.insert(version).inserted else {
                throw MigrationError("two migration files have version \(version)")
            }
            return Migration(version: version, name: base, sql: try String(contentsOf: file, encoding: .utf8))
        }.sorted { $0.version < $1.version }
    }

    /// Applies what is missing; returns the names of the migrations applied by this call.
    @discardableResult
    public func migrate() async throws -> [String] {
        // Under the lock too: two concurrent CREATE TABLE IF NOT EXISTS can still collide.
        try await postgres.withTransaction { connection in
            try await connection.execute("SELECT pg_advisory_xact_lock(\(Self.lockKey))")
            try await connection.execute("""
                CREATE TABLE IF NOT EXISTS public.relais_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """)
        }
        var applied: [String] = []
        for migration in migrations {
            let didApply = try await postgres.withTransaction { connection in
                try await connection.execute("SELECT pg_advisory_xact_lock(\(Self.lockKey))")
                let rows = try await connection.query(
                    "SELECT checksum FROM public.relais_migrations WHERE version = \(migration.version)")
                if let row = rows.first {
                    guard try row.decode(String.self, column: "checksum") == migration.checksum else {
                        throw MigrationError("migration \(migration.name) was changed after it was applied; add a new migration instead")
                    }
                    return false
                }
                try await connection.executeScript(migration.sql)
                try await connection.execute("""
                    INSERT INTO public.relais_migrations (version, name, checksum)
                    VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                    """)
                return true
            }
            if didApply {
                logger.info("migration applied", metadata: ["migration": "\(migration.name)"])
                applied.append(migration.name)
            }
        }
        return applied
    }

    /// Versions recorded in the database, for `relais migrate --status`.
    public func appliedVersions() async throws -> [Int] {
        let exists = try await postgres.query("SELECT to_regclass('public.relais_migrations') IS NOT NULL AS present")
        guard try exists.first?.decode(Bool.self, column: "present") == true else { return [] }
        return try await postgres.query("SELECT version FROM public.relais_migrations ORDER BY version")
            .map { try $0.decode(Int.self, column: "version") }
    }
}
