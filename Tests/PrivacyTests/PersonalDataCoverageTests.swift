import Chat
import Foundation
import PersonalData
import PostgresClient
import Privacy
import Testing
import TestSupport

/// The registry must account for every column that refers to a user or holds personal data, so
/// a table added later without a registered store fails here instead of surviving erasures.
@Suite("Personal-data coverage")
struct PersonalDataCoverageTests {
    /// Columns with a foreign key to `identity.users`, and columns whose name says they hold an
    /// address, a name or a user reference, in every schema but the pipeline's (transport
    /// tables, pruned by retention; see docs/privacy.md).
    static let personalColumnsQuery: PostgresQuery = """
        SELECT n.nspname || '.' || c.relname || '.' || a.attname AS name
        FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
        WHERE k.contype = 'f' AND k.confrelid = 'identity.users'::regclass
        UNION
        SELECT table_schema || '.' || table_name || '.' || column_name
        FROM information_schema.columns
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema', 'pipeline', 'public')
          AND column_name ~ '(^|_)(user_id|email|recipient|address|first_name|last_name|name|requested_by|created_by|sender_id|instructor_id)$'
        """

    @Test func everyColumnReferringToAUserHasARegisteredStore() async throws {
        let postgres = try await TestClients.migratedPostgres()
        defer { Task { await postgres.close() } }
        let found = Set(try await postgres.query(Self.personalColumnsQuery).map { try $0.decode(String.self, column: "name") })
        let registry = PersonalDataRegistry.standard(cipher: try MessageCipher(settings: EncryptionSettings(currentKeyHex: String(repeating: "ab", count: 32))))
        let missing = found.subtracting(registry.declaredColumns).sorted()
        #expect(missing.isEmpty, "columns with personal data and no registered store: \(missing)")
        // The check itself must see the tables it guards.
        #expect(found.contains("academy.enrollments.user_id"))
        #expect(found.contains("messaging.email_suppressions.address"))
    }

    @Test func everyDeclaredColumnExists() async throws {
        let postgres = try await TestClients.migratedPostgres()
        defer { Task { await postgres.close() } }
        let existing = Set(try await postgres.query("""
            SELECT table_schema || '.' || table_name || '.' || column_name AS name FROM information_schema.columns
            """).map { try $0.decode(String.self, column: "name") })
        let registry = PersonalDataRegistry.standard(cipher: try MessageCipher(settings: EncryptionSettings(currentKeyHex: String(repeating: "ab", count: 32))))
        let unknown = registry.declaredColumns.subtracting(existing).sorted()
        #expect(unknown.isEmpty, "declared columns that do not exist: \(unknown)")
    }
}
