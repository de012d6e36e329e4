import Foundation
import Testing
import PostgresClient

@Suite("Values round-trip through a real PostgreSQL")
struct RoundTripTests {
    static let awkwardStrings: [String] = [
        "it's \"quoted\"",
        #"back\slash \\ and \x00 and \n literal"#,
        "accents: éàüñçœ Ångström",
        "CJK: 漢字かなカナ한국어",
        "RTL: مرحبا بالعالم שלום",
        "emoji: 😀 👩‍👩‍👧‍👦 🏳️‍🌈 🧑🏽‍💻",
        "tab\tnewline\ncarriage\r",
        "",
    ]

    @Test func textWithQuotesBackslashesUnicodeEmojiAndOneMegabyteRoundTripsExactly() async throws {
        try await withClient { client in
            try await withTable(client, columns: "id int PRIMARY KEY, body text NOT NULL") { table in
                let long = String(repeating: "ab'c\"d\\é漢😀", count: 1_048_576 / 16)
                let values = Self.awkwardStrings + [long]
                for (index, value) in values.enumerated() {
                    try await client.execute("INSERT INTO \(identifier: table) (id, body) VALUES (\(index), \(value))")
                }
                let rows = try await client.query("SELECT id, body FROM \(identifier: table) ORDER BY id")
                #expect(rows.count == values.count)
                for row in rows {
                    let index = try row.decode(Int.self, column: "id")
                    let body = try row.decode(String.self, column: "body")
                    #expect(body == values[index], "value \(index) changed")
                    #expect(body.unicodeScalars.elementsEqual(values[index].unicodeScalars))
                }
                let length = try await client.query("SELECT octet_length(body) AS n FROM \(identifier: table) WHERE id = \(values.count - 1)")
                #expect(try length.first?.decode(Int.self, column: "n") == long.utf8.count)
                #expect(long.utf8.count >= 1_000_000)
            }
        }
    }

    @Test func injectionAttemptsStayDataAndTheTableSurvives() async throws {
        try await withClient { client in
            try await withTable(client, columns: "id serial PRIMARY KEY, body text") { table in
                let attacks = [
                    "'; DROP TABLE \(table); --", "\"; DROP TABLE \(table); --", "$1", "$2::text",
                    #"\x00"#, "\\x00", "') OR ('1'='1", "NULL", "); COMMIT; DROP TABLE \(table); --",
                ]
                for attack in attacks {
                    try await client.execute("INSERT INTO \(identifier: table) (body) VALUES (\(attack))")
                }
                let rows = try await client.query("SELECT body FROM \(identifier: table) ORDER BY id")
                #expect(try rows.map { try $0.decode(String.self, column: "body") } == attacks)
                let matched = try await client.query("SELECT count(*) AS n FROM \(identifier: table) WHERE body = \(attacks[0])")
                #expect(try matched.first?.decode(Int.self, column: "n") == 1)
                #expect(try await tableExists(client, table))
            }
        }
    }

    struct Profile: Codable, Equatable, Sendable {
        struct Address: Codable, Equatable, Sendable {
            var city: String
            var lines: [String]
        }
        var name: String
        var tags: [String]
        var address: Address
        var score: Double?
    }

    @Test func scalarTypesRoundTripWithExactNumericAndMillisecondTimestamps() async throws {
        try await withClient { client in
            try await withTable(client, columns: """
                id uuid PRIMARY KEY, t text, i4 int4, i8 int8, i2 int2, b bool, f float8,
                n numeric, ts timestamptz, j jsonb, raw jsonb, bin bytea, empty_bin bytea, missing text
                """) { table in
                let id = UUID()
                let big = try #require(Decimal(string: "12345678901234567890.123456789"))
                let when = Date(timeIntervalSince1970: 1_709_647_629.987)
                let profile = Profile(
                    name: "Zoë \"Z\"", tags: ["a,b", "{c}"],
                    address: .init(city: "Genève", lines: ["1 rue \\ x", "😀"]), score: nil)
                let bytes: [UInt8] = [0, 1, 2, 0x5c, 0x27, 0x22, 0xff, 0x00]
                let missing: String? = nil
                try await client.execute("""
                    INSERT INTO \(identifier: table) (id, t, i4, i8, i2, b, f, n, ts, j, raw, bin, empty_bin, missing)
                    VALUES (\(id), \("x"), \(Int32.min), \(Int64.max), \(Int16.min), \(true), \(-0.1),
                            \(-big), \(when), \(try PostgresJSON(profile)), \(PostgresRawJSON(#"{"k":[1,{"n":null}]}"#)),
                            \(bytes), \(Data()), \(missing))
                    """)
                let row = try #require(try await client.query("SELECT * FROM \(identifier: table) WHERE id = \(id)").first)
                #expect(try row.decode(UUID.self, column: "id") == id)
                #expect(try row.decode(Int32.self, column: "i4") == Int32.min)
                #expect(try row.decode(Int64.self, column: "i8") == Int64.max)
                #expect(try row.decode(Int.self, column: "i8") == Int.max)
                #expect(try row.decode(Int16.self, column: "i2") == Int16.min)
                #expect(try row.decode(Bool.self, column: "b"))
                #expect(try row.decode(Double.self, column: "f") == -0.1)
                #expect(try row.decode(Decimal.self, column: "n") == -big)
                #expect(row["n"]?.text == "-12345678901234567890.123456789")
                let decoded = try row.decode(Date.self, column: "ts")
                #expect(abs(decoded.timeIntervalSince(when)) < 0.000_5)
                #expect(try row.decodeJSON(Profile.self, column: "j") == profile)
                #expect(try row.decode(PostgresRawJSON.self, column: "raw").json == #"{"k": [1, {"n": null}]}"#)
                #expect(try row.decode([UInt8].self, column: "bin") == bytes)
                #expect(try row.decode(Data.self, column: "bin") == Data(bytes))
                #expect(try row.decode(Data.self, column: "empty_bin").isEmpty)
                #expect(try row.decode(String?.self, column: "missing") == nil)
                #expect(throws: PostgresError.self) { try row.decode(String.self, column: "missing") }
                #expect(row.columns.first == "id")
            }
        }
    }

    @Test func timestamptzDecodesCorrectlyWhateverTheSessionTimeZone() async throws {
        try await withClient(poolSize: 1) { client in
            let when = Date(timeIntervalSince1970: 1_709_647_629.123)
            try await client.withConnection { connection in
                for zone in ["Asia/Kolkata", "America/St_Johns", "Pacific/Chatham", "UTC", "America/Los_Angeles"] {
                    try await connection.execute("SELECT set_config('TimeZone', \(zone), false)")
                    let row = try #require(try await connection.query("SELECT \(when) AS ts, \(when)::text AS shown").first)
                    let decoded = try row.decode(Date.self, column: "ts")
                    #expect(abs(decoded.timeIntervalSince(when)) < 0.000_5, "zone \(zone) shown as \(row["shown"]?.text ?? "")")
                }
                let old = try #require(try await connection.query("SELECT '1850-06-01 12:00:00 Europe/Paris'::timestamptz AS ts, '1850-06-01 11:50:39+00'::timestamptz AS utc").first)
                #expect(try old.decode(Date.self, column: "ts") == old.decode(Date.self, column: "utc"))
            }
        }
    }

    @Test func arraysWithNullsQuotesCommasAndBracesRoundTrip() async throws {
        try await withClient { client in
            try await withTable(client, columns: "id int PRIMARY KEY, texts text[], longs int8[], ids uuid[], flags bool[], empty text[]") { table in
                let texts: [String?] = ["a,b", "{c}", "d\"e", "f\\g", nil, "NULL", "", " h ", "😀 漢"]
                let longs: [Int64?] = [1, nil, Int64.min, Int64.max]
                let ids: [UUID?] = [UUID(), nil, UUID()]
                let flags = [true, false, true]
                try await client.execute("""
                    INSERT INTO \(identifier: table) VALUES (1, \(texts), \(longs), \(ids), \(flags), \([String]()))
                    """)
                let row = try #require(try await client.query("SELECT * FROM \(identifier: table)").first)
                #expect(try row.decode([String?].self, column: "texts") == texts)
                #expect(try row.decode([Int64?].self, column: "longs") == longs)
                #expect(try row.decode([UUID?].self, column: "ids") == ids)
                #expect(try row.decode([Bool].self, column: "flags") == flags)
                #expect(try row.decode([String].self, column: "empty") == [])
                #expect(throws: PostgresError.self) { try row.decode([String].self, column: "texts") }
                let counts = try #require(try await client.query("""
                    SELECT array_length(texts, 1) AS n, texts[5] IS NULL AS fifth_null, texts[6] AS sixth FROM \(identifier: table)
                    """).first)
                #expect(try counts.decode(Int.self, column: "n") == texts.count)
                #expect(try counts.decode(Bool.self, column: "fifth_null"))
                #expect(try counts.decode(String.self, column: "sixth") == "NULL")
                let matching = try await client.query("SELECT id FROM \(identifier: table) WHERE \([1, 2, 3]) @> ARRAY[id]::int8[]")
                #expect(matching.count == 1)
            }
        }
    }

    @Test func stackedStatementsAreRefusedInQueriesButRunInTrustedScripts() async throws {
        try await withClient { client in
            try await withTable(client, columns: "id int") { table in
                let stacked = await #expect(throws: PostgresError.self) {
                    try await client.execute("INSERT INTO \(identifier: table) VALUES (1); DELETE FROM \(identifier: table)")
                }
                #expect(stacked?.code == .syntaxError)
                try await client.executeScript("""
                    CREATE TEMP TABLE pgc_script_scratch (v int);
                    INSERT INTO pgc_script_scratch VALUES (1), (2);
                    DROP TABLE pgc_script_scratch;
                    """)
                let failing = await #expect(throws: PostgresError.self) {
                    try await client.executeScript("SELECT 1; SELECT * FROM pgc_no_such_table_for_script;")
                }
                #expect(failing?.code == .undefinedTable)
            }
        }
    }

    @Test func typedNullsAndSpecialFloatsAreAccepted() async throws {
        try await withClient { client in
            let none: Int? = nil
            let row = try #require(try await client.query("""
                SELECT \(none) AS n, pg_typeof(\(none))::text AS t, \(Double.infinity) AS inf, \(-Double.infinity) AS ninf
                """).first)
            #expect(try row.decode(Int?.self, column: "n") == nil)
            #expect(try row.decode(String.self, column: "t") == "bigint")
            #expect(try row.decode(Double.self, column: "inf") == .infinity)
            #expect(try row.decode(Double.self, column: "ninf") == -.infinity)
        }
    }
}
