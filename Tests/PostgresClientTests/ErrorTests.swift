import Foundation
import Testing
import PostgresClient

@Suite("Errors are distinguishable and safe to log")
struct ErrorTests {
    @Test func uniqueAndForeignKeyViolationsCarryTheirCodeAndConstraintName() async throws {
        try await withClient { client in
            try await withTable(client, columns: "id int PRIMARY KEY, email text CONSTRAINT pgc_email_unique UNIQUE") { parent in
                try await withTable(client, columns: "parent int") { child in
                    try await client.execute("""
                        ALTER TABLE \(identifier: child) ADD CONSTRAINT pgc_parent_fk
                        FOREIGN KEY (parent) REFERENCES \(identifier: parent)(id)
                        """)
                    try await client.execute("INSERT INTO \(identifier: parent) VALUES (1, \("a@example.com"))")

                    let unique = await #expect(throws: PostgresError.self) {
                        try await client.execute("INSERT INTO \(identifier: parent) VALUES (2, \("a@example.com"))")
                    }
                    #expect(unique?.code == .uniqueViolation)
                    #expect(unique?.sqlState == "23505")
                    #expect(unique?.constraint == "pgc_email_unique")
                    #expect(unique?.isRetryable == false)

                    let foreign = await #expect(throws: PostgresError.self) {
                        try await client.execute("INSERT INTO \(identifier: child) VALUES (\(99))")
                    }
                    #expect(foreign?.code == .foreignKeyViolation)
                    #expect(foreign?.constraint == "pgc_parent_fk")

                    let notNull = await #expect(throws: PostgresError.self) {
                        try await client.execute("INSERT INTO \(identifier: parent) (email) VALUES (\("b"))")
                    }
                    #expect(notNull?.code == .notNullViolation)
                }
            }
        }
    }

    @Test func missingTablesAndSyntaxErrorsHaveTheirOwnCodes() async throws {
        try await withClient { client in
            let missing = await #expect(throws: PostgresError.self) {
                try await client.query("SELECT * FROM \(identifier: uniqueName("pgc_missing"))")
            }
            #expect(missing?.code == .undefinedTable)
            let syntax = await #expect(throws: PostgresError.self) {
                try await client.query("SELEC 1")
            }
            #expect(syntax?.code == .syntaxError)
            // The pool's connection is still usable after errors.
            let rows = try await client.query("SELECT 1 AS one")
            #expect(try rows.first?.decode(Int.self, column: "one") == 1)
        }
    }

    @Test func errorDescriptionsNeverContainSQLTextOrBoundValues() async throws {
        let secret = "sk_live_SECRET_4242424242"
        try await withClient { client in
            try await withTable(client, columns: "id int PRIMARY KEY, token text CONSTRAINT pgc_token_unique UNIQUE") { table in
                try await client.execute("INSERT INTO \(identifier: table) VALUES (1, \(secret))")
                var errors: [PostgresError] = []
                for attempt in 0..<3 {
                    do {
                        switch attempt {
                        case 0: try await client.execute("INSERT INTO \(identifier: table) VALUES (2, \(secret))")
                        case 1: _ = try await client.query("SELECT \(secret)::int AS secret_column_alias")
                        default: _ = try await client.query("SELECT secret_column_alias FROM \(identifier: table) WHERE token = \(secret) AND")
                        }
                    } catch let error as PostgresError {
                        errors.append(error)
                    }
                }
                #expect(errors.count == 3)
                for error in errors {
                    for text in [error.description, String(describing: error), "\(error)", error.localizedDescription] {
                        #expect(!text.contains("SECRET"))
                        #expect(!text.contains("secret_column_alias"))
                        #expect(!text.contains("SELECT") && !text.contains("INSERT"))
                    }
                }
                #expect(errors.map(\.code) == [.uniqueViolation, .server("22P02"), .syntaxError])
            }
        }
    }

    @Test func decodingErrorsNameTheColumnAndTypeButNotTheValue() async throws {
        try await withClient { client in
            let rows = try await client.query("SELECT \("hunter2-password") AS pw")
            let error = #expect(throws: PostgresError.self) { try rows.first?.decode(Int.self, column: "pw") }
            #expect(error?.code == .decoding)
            #expect(error?.description.contains("pw") == true)
            #expect(error?.description.contains("Int") == true)
            #expect(error?.description.contains("hunter2") == false)
            let unknown = #expect(throws: PostgresError.self) { try rows.first?.decode(Int.self, column: "nope") }
            #expect(unknown?.code == .decoding)
        }
    }
}
