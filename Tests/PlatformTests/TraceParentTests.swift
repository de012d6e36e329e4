import Foundation
import Platform
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
