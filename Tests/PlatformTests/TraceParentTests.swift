import Foundation
@testable import Platform
import Testing

@Suite("W3C traceparent and RFC 3339 times")
struct TraceParentTests {
    @Test("a valid traceparent round-trips and a child keeps the trace id")
    func roundTrip() throws {
        let header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        let parsed = try #require(TraceParent(header))
        #expect(parsed.description == header)
        #expect(parsed.sampled)
        let child = parsed.child()
        #expect(child.traceID == parsed.traceID)
        #expect(child.parentID != parsed.parentID)
    }

    @Test("malformed traceparents are rejected", arguments: [
        "", "garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
        "00-4BF92F3577B34DA6A3CE929D0E0E473Z-00f067aa0ba902b7-01",
    ])
    func rejectsMalformed(header: String) {
        #expect(TraceParent(header) == nil)
    }

    @Test("random trace parents are valid and distinct")
    func randomIsValid() {
        let first = TraceParent.random()
        let second = TraceParent.random()
        #expect(TraceParent(first.description) == first)
        #expect(first.traceID != second.traceID)
    }

    @Test("RFC 3339 keeps milliseconds and reads times without fractions")
    func rfc3339() throws {
        let date = Date(timeIntervalSince1970: 1_700_000_000.5)
        let text = RFC3339.format(date)
        #expect(text == "2023-11-14T22:13:20.500Z")
        let parsed = try #require(RFC3339.parse(text))
        #expect(abs(parsed.timeIntervalSince(date)) < 0.001)
        #expect(RFC3339.parse("2023-11-14T22:13:20Z") != nil)
        #expect(RFC3339.parse("yesterday") == nil)
    }
}

@Suite("RFC 3339 fast path")
struct RFC3339FastPathTests {
    @Test("the hand parser agrees with Foundation on the format Relais writes", arguments: [
        0.0, 1_700_000_000.5, 951_782_400.999, 4_102_444_799.001, 1_709_164_800.25,
    ])
    func agreesWithFoundation(seconds: Double) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let text = RFC3339.format(date)
        let fast = try #require(RFC3339.fastParse(text))
        #expect(abs(fast.timeIntervalSince1970 - seconds) < 0.0011, "millisecond precision")
        #expect(RFC3339.format(fast) == text)
    }

    @Test("the hand formatter writes what Foundation's ISO 8601 format style writes")
    func formatMatchesFoundation() {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
        var generator = SystemRandomNumberGenerator()
        let fixed: [Double] = [0, -0.001, -86_400, 951_782_400.999, 1_709_626_023.5, 253_402_300_799.999]
        let instants = fixed + (0..<5_000).map { _ in Double(Int64.random(in: -6_000_000_000_000...250_000_000_000_000, using: &generator)) / 1_000 }
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(RFC3339.format(date) == style.format(date), "at \(seconds)")
        }
    }

    @Test("the hand parser leaves anything unusual to Foundation's parser", arguments: [
        "2026-13-01T00:00:00.000Z", "2026-01-01T25:00:00.000Z", "2026-01-01X00:00:00.000Z", "abcd-01-01T00:00:00.000Z",
        "2026-01-01T00:00:00Z", "2026-01-01T00:00:00.000+01:00",
    ])
    func fastPathDeclines(text: String) {
        #expect(RFC3339.fastParse(text) == nil)
    }
}
