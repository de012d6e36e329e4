import Foundation
import Testing
@testable import PostgresClient

@Suite("Query building and codecs (no server)")
struct QueryBuildingTests {
    @Test func interpolatedValuesBecomeNumberedBindsAndNeverSQLText() {
        let id = 42
        let name = "O'Brien\"; DROP TABLE x; --"
        let query: PostgresQuery = "SELECT * FROM t WHERE id = \(id) AND name = \(name)"
        #expect(query.sql == "SELECT * FROM t WHERE id = $1 AND name = $2")
        #expect(query.bindCount == 2)
        #expect(query.bindTypes == [.int8, .text])
        #expect(!query.sql.contains("O'Brien"))
    }

    @Test func identifiersAreDoubleQuotedWithEmbeddedQuotesDoubled() {
        let table = "we\"ird table"
        let query: PostgresQuery = "SELECT 1 FROM \(identifier: table)"
        #expect(query.sql == "SELECT 1 FROM \"we\"\"ird table\"")
    }

    @Test func unescapedFragmentsAndSplicedFragmentsKeepParametersNumberedInOrder() {
        let filter: PostgresQuery = "a = \(1) AND b = \(2)"
        let query: PostgresQuery = "SELECT \(unescaped: "x") FROM t WHERE c = \(0) AND \(fragment: filter) LIMIT \(3)"
        #expect(query.sql == "SELECT x FROM t WHERE c = $1 AND a = $2 AND b = $3 LIMIT $4")
        #expect(query.bindCount == 4)
    }

    @Test func aStringLiteralInsideAnInterpolationIsStillABind() {
        let query: PostgresQuery = "SELECT \("it's")"
        #expect(query.sql == "SELECT $1")
        #expect(query.bindCount == 1)
    }

    @Test func nulBytesInValuesOrIdentifiersAreRejectedBeforeSending() {
        let value = "a\u{0}b"
        let withValue: PostgresQuery = "SELECT \(value)"
        let withIdentifier: PostgresQuery = "SELECT 1 FROM \(identifier: value)"
        for query in [withValue, withIdentifier] {
            #expect(throws: PostgresError.self) { try query.validated() }
        }
        #expect((try? withValue.validated()) == nil)
    }

    @Test func arrayLiteralsQuoteAndEscapeEveryElementAndParseBack() throws {
        let elements: [String?] = ["plain", "with,comma", "{braces}", "quote\"d", "back\\slash", "NULL", nil, "", " spaced "]
        let literal = PostgresArrayLiteral.format(elements.map(\.postgresValue))
        #expect(literal == #"{"plain","with,comma","{braces}","quote\"d","back\\slash","NULL",NULL,""," spaced "}"#)
        let parsed = try #require(PostgresArrayLiteral.parse(literal))
        #expect(parsed == elements)
    }

    @Test func arrayParsingHandlesServerOutputFormsAndRejectsNestedArrays() {
        #expect(PostgresArrayLiteral.parse("{}") == [])
        #expect(PostgresArrayLiteral.parse("{1,2,NULL}") == ["1", "2", nil])
        #expect(PostgresArrayLiteral.parse("[0:1]={a,b}") == ["a", "b"])
        #expect(PostgresArrayLiteral.parse(#"{"NULL",null}"#) == ["NULL", nil])
        #expect(PostgresArrayLiteral.parse("{{1,2},{3,4}}") == nil)
        #expect(PostgresArrayLiteral.parse("{a,\"b") == nil)
        #expect(PostgresArrayLiteral.parse("not an array") == nil)
    }

    @Test func timestampsFormatInUTCAndParseAnyOffsetAndEra() throws {
        let date = Date(timeIntervalSince1970: 1_709_647_629.123)
        #expect(PostgresTimestamp.format(date) == "2024-03-05 14:07:09.123000+00")
        let samples: [(String, Double)] = [
            ("2024-03-05 14:07:09.123+00", 1_709_647_629.123),
            ("2024-03-05 19:37:09.123+05:30", 1_709_647_629.123),
            ("2024-03-05 10:37:09.123-03:30", 1_709_647_629.123),
            ("1970-01-01 00:09:21+00:09:21", 0),
            ("1969-12-31 23:59:59.5+00", -0.5),
            ("2024-03-05", 1_709_596_800),
        ]
        for (text, seconds) in samples {
            let parsed = try #require(PostgresTimestamp.parse(text))
            #expect(abs(parsed.timeIntervalSince1970 - seconds) < 0.000_01, "\(text)")
        }
        let ancient = try #require(PostgresTimestamp.parse("0044-03-15 00:00:00+00 BC"))
        #expect(PostgresTimestamp.format(ancient) == "0044-03-15 00:00:00.000000+00 BC")
        #expect(PostgresTimestamp.parse("infinity") == nil)
    }

    @Test func byteaParsesHexAndEscapeForms() {
        #expect(PostgresBytea.parse(#"\x00ff10"#) == [0, 255, 16])
        #expect(PostgresBytea.parse(#"a\\b\000"#) == [97, 92, 98, 0])
        #expect(PostgresBytea.parse(#"\x0"#) == nil)
        #expect(PostgresBytea.hex([0, 171]) == #"\x00ab"#)
    }

    @Test func decimalDecodingRejectsValuesBeyondDecimalPrecisionInsteadOfRounding() throws {
        let exact = PostgresCell(column: "n", type: .numeric, text: "-12345678901234567890.123456789")
        #expect(try exact.decode(Decimal.self) == Decimal(string: "-12345678901234567890.123456789"))
        let tooLong = PostgresCell(column: "n", type: .numeric, text: "1234567890123456789012345678901234567890.5")
        #expect(throws: PostgresError.self) { try tooLong.decode(Decimal.self) }
        let trailingZeros = PostgresCell(column: "n", type: .numeric, text: "1.5000000000000000000000000000000000000000000")
        #expect(try trailingZeros.decode(Decimal.self) == Decimal(string: "1.5"))
    }
}

@Suite("Configuration URLs (no server)")
struct ConfigurationTests {
    @Test func urlPartsArePercentDecodedAndPassedAsSeparateKeywords() throws {
        let configuration = try PostgresConfiguration(
            url: "postgresql://us%40er:p%40ss%3Aw%2Fo rd@db.example:6543/my%20db?sslmode=disable&application_name=api")
        #expect(configuration.user == "us@er")
        #expect(configuration.password == "p@ss:w/o rd")
        #expect(configuration.host == "db.example")
        #expect(configuration.port == 6543)
        #expect(configuration.database == "my db")
        #expect(configuration.applicationName == "api")
        let keywords = Dictionary(configuration.libpqParameters(), uniquingKeysWith: { $1 })
        #expect(keywords["password"] == "p@ss:w/o rd")
        #expect(keywords["dbname"] == "my db")
        #expect(keywords["sslmode"] == "disable")
        #expect(!configuration.description.contains("p@ss"))
    }

    @Test func ipv6HostsAndDefaultsAreAccepted() throws {
        let configuration = try PostgresConfiguration(url: "postgres://[::1]:5433/app")
        #expect(configuration.host == "::1")
        #expect(configuration.port == 5433)
        let bare = try PostgresConfiguration(url: "postgres://localhost")
        #expect(bare.port == nil && bare.database == nil && bare.user == nil)
    }

    @Test(arguments: [
        "mysql://u:p@h/db", "postgres:/h/db", "postgres://h:notaport/db", "postgres://h:70000/db",
        "postgres://u:p%zz@h/db", "postgres://h/db?sslmode", "postgres://h/db?no_such_option=1",
        "postgres://h/db?password=x", "postgres://[::1/db", "postgres://h1,h2/db", "postgres://h/db#frag",
        "postgres://u:p%00x@h/db",
    ])
    func malformedURLsAreRejectedWithAnInvalidConfigurationError(url: String) {
        do {
            _ = try PostgresConfiguration(url: url)
            Issue.record("accepted a malformed URL")
        } catch let error as PostgresError {
            #expect(error.code == .invalidConfiguration)
            #expect(error.description.contains("invalid PostgreSQL configuration"))
            #expect(!error.description.contains("p%"))
        } catch {
            Issue.record("unexpected error type \(type(of: error))")
        }
    }
}
