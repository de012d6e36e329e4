import Foundation
import Testing
import PostgresClient

@Suite("Transactions")
struct TransactionTests {
    struct Boom: Error {}

    @Test func aThrowingTransactionRollsBackAndASuccessfulOneCommits() async throws {
        try await withClient { client in
            try await withTable(client, columns: "id int PRIMARY KEY") { table in
                await #expect(throws: Boom.self) {
                    try await client.withTransaction { tx in
                        try await tx.execute("INSERT INTO \(identifier: table) VALUES (\(1))")
                        let inside = try await tx.query("SELECT count(*) AS n FROM \(identifier: table)")
                        #expect(try inside.first?.decode(Int.self, column: "n") == 1)
                        throw Boom()
                    }
                }
                let afterRollback = try await client.query("SELECT count(*) AS n FROM \(identifier: table)")
                #expect(try afterRollback.first?.decode(Int.self, column: "n") == 0)

                let inserted = try await client.withTransaction { tx in
                    try await tx.execute("INSERT INTO \(identifier: table) VALUES (\(2)), (\(3))")
                }
                #expect(inserted == 2)
                let afterCommit = try await client.query("SELECT id FROM \(identifier: table) ORDER BY id")
                #expect(try afterCommit.map { try $0.decode(Int.self, column: "id") } == [2, 3])
            }
        }
    }

    @Test func aSwallowedStatementErrorMakesCommitFailInsteadOfSilentlyRollingBack() async throws {
        try await withClient { client in
            try await withTable(client, columns: "id int PRIMARY KEY") { table in
                do {
                    try await client.withTransaction { tx in
                        try await tx.execute("INSERT INTO \(identifier: table) VALUES (\(1))")
                        _ = try? await tx.execute("INSERT INTO \(identifier: table) VALUES (\(1))")
                    }
                    Issue.record("commit of an aborted transaction succeeded")
                } catch let error as PostgresError {
                    #expect(error.code == .transactionAborted)
                }
                let rows = try await client.query("SELECT count(*) AS n FROM \(identifier: table)")
                #expect(try rows.first?.decode(Int.self, column: "n") == 0)
            }
        }
    }

    @Test func aLeaseEndingInsideATransactionIsRolledBackBeforeTheNextLessee() async throws {
        try await withClient(poolSize: 1) { client in
            try await withTable(client, columns: "id int PRIMARY KEY") { table in
                try await client.withConnection { connection in
                    try await connection.execute("BEGIN")
                    try await connection.execute("INSERT INTO \(identifier: table) VALUES (\(1))")
                }
                // Had the transaction been left open, this session would still see its own insert.
                let status = try await client.query("SELECT count(*) AS n FROM \(identifier: table)")
                #expect(try status.first?.decode(Int.self, column: "n") == 0)
            }
        }
    }

    @Test func conflictingSerializableTransactionsFailWithARetryableSerializationFailure() async throws {
        try await withClient { client in
            try await withTable(client, columns: "class int NOT NULL, value int NOT NULL") { table in
                try await client.execute("INSERT INTO \(identifier: table) VALUES (1, 10), (2, 20)")
                do {
                    try await client.withTransaction(isolation: .serializable) { first in
                        _ = try await first.query("SELECT sum(value) FROM \(identifier: table) WHERE class = 1")
                        // A second transaction reads what the first will write and writes what it read.
                        try await client.withTransaction(isolation: .serializable) { second in
                            _ = try await second.query("SELECT sum(value) FROM \(identifier: table) WHERE class = 2")
                            try await second.execute("INSERT INTO \(identifier: table) VALUES (1, 30)")
                        }
                        try await first.execute("INSERT INTO \(identifier: table) VALUES (2, 40)")
                    }
                    Issue.record("write skew was not detected")
                } catch let error as PostgresError {
                    #expect(error.code == .serializationFailure)
                    #expect(error.sqlState == "40001")
                    #expect(error.isRetryable)
                }
                let rows = try await client.query("SELECT count(*) AS n FROM \(identifier: table)")
                #expect(try rows.first?.decode(Int.self, column: "n") == 3)
            }
        }
    }
}
